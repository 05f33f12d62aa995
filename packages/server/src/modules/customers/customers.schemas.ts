import { limitAllowanceSchema, MAX_LIMIT_ALLOWANCES, noRepeatedLimit } from '@verdant/rules';
import { z } from 'zod';
import { birthDate, calendarDate } from '../../platform/sql-date';

export const jurisdictionCode = z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'an ISO 3166-2 code such as US-CA');
/** Who issued an ID: a state or province (US-CA, CA-ON) or, for a passport, a country (MX, DE). */
export const idIssuer = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'a state such as US-CA (ISO 3166-2) or, for a passport, a country such as MX')
  .describe('Who issued the ID: a state or province (US-CA, CA-ON) or a country (MX, DE)');
export const isoDate = calendarDate;
/** A phone number as people type it; stored as its digits (and a leading +), 4 to 20 of them. */
export const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[\d\s().-]{4,30}$/, 'a phone number')
  .refine((phone) => /^\d{4,20}$/.test(phone.replace(/\D/g, '')), 'a phone number of 4 to 20 digits');
const kind = z.enum(['adult_use', 'medical']);

/** A customer group code as stored and as a promotion's customer_group condition names it. */
export const CUSTOMER_GROUP_CODE = /^[a-z0-9_-]{1,40}$/;
export const MAX_CUSTOMER_GROUPS = 20;
/** Groups no one sets: derived at the sale (`medical`: a medical customer with an unexpired card on file). */
export const DERIVED_CUSTOMER_GROUPS: readonly string[] = ['medical'];
const GROUP_CODE_MESSAGE = 'a group code: 1 to 40 lower-case letters, digits, _ or -';
const customerGroups = z
  .array(
    z
      .string()
      .trim()
      .regex(CUSTOMER_GROUP_CODE, GROUP_CODE_MESSAGE)
      .refine((g) => !DERIVED_CUSTOMER_GROUPS.includes(g), 'medical is derived from the customer’s kind and medical card; it cannot be set'),
  )
  .max(MAX_CUSTOMER_GROUPS)
  .describe(
    'Promotion groups (veteran, senior, industry …) that promotions’ customer_group condition names: lower-case letters, digits, _ and -, ' +
      'at most 40 characters each and 20 in all; repeats are dropped. Replaces the list on file; [] clears it. `medical` is not set here: ' +
      'a medical customer with an unexpired card on file is in it at the sale.',
  );
const cardKind = z.enum(['registry_card', 'recommendation']);
/**
 * A medical or caregiver card number as typed. Spaces and dashes are dropped before masking and
 * hashing (as for an ID number), so a number of dashes alone was kept masked as nothing and made
 * every other such number "taken".
 */
const cardNumber = z
  .string()
  .trim()
  .min(4)
  .max(64)
  .refine((n) => n.replace(/[^A-Za-z0-9]/g, '').length >= 4, 'at least 4 letters or digits');

export const LIMIT_ALLOWANCE_DOCUMENTS = ['recommendation', 'waiver', 'certification', 'practitioner'] as const;

const limitAllowance = limitAllowanceSchema
  .extend({
    limit: limitAllowanceSchema.shape.limit.describe('Id of a medical limit its jurisdiction pack marks patient-adjustable, e.g. "us-nj.limit.med-30-days" (GET /v1/rules/jurisdictions lists the packs).'),
    documentedBy: z.enum(LIMIT_ALLOWANCE_DOCUMENTS).describe('What the practitioner issued: a recommendation, a waiver, a certification, or another practitioner order.'),
    expiresOn: isoDate.describe('Last store-local day the allowance applies; from the next day the pack maximum applies again.'),
  })
  .strict()
  .meta({ id: 'MedicalLimitAllowance' });

export const customerInput = z
  .object({
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    birthDate,
    email: z.email().max(320).nullish(),
    phone: phoneNumber.nullish(),
    kind: kind.optional(),
    idJurisdiction: idIssuer.nullish(),
    consentMarketing: z.boolean().optional(),
    consentDataRetention: z.boolean().optional(),
    groups: customerGroups.optional(),
  })
  .strict();

const medicalView = z.object({
  cardNumberMasked: z.string(),
  cardJurisdiction: z.string(),
  cardKind,
  cardExpiresOn: z.string(),
  physicianName: z.string().nullable(),
  physicianLicense: z.string().nullable(),
  recommendationIssuedOn: z.string().nullable(),
  recommendationExpiresOn: z.string().nullable(),
  notes: z.string().nullable(),
  limitAllowances: z.array(limitAllowance).describe('Per-patient limit allowances on file, expired ones included (checkout applies only unexpired ones).'),
});

export const caregiverLink = z
  .object({
    id: z.uuid(),
    caregiverCustomerId: z.uuid(),
    patientCustomerId: z.uuid(),
    name: z.string(),
    cardNumberMasked: z.string().nullable(),
    cardJurisdiction: z.string().nullable(),
    cardExpiresOn: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'CaregiverLink' });

export const customerSummary = z
  .object({
    id: z.uuid(),
    firstName: z.string(),
    lastName: z.string(),
    birthDate: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    kind,
    idJurisdiction: z.string().nullable(),
    idNumberMasked: z.string().nullable(),
  })
  .meta({ id: 'CustomerSummary' });

export const customerSearchResult = customerSummary
  .extend({ hasOnlineSignIn: z.boolean().describe('Whether the record has an online-store sign-in') })
  .meta({ id: 'CustomerSearchResult' });

export const customerView = customerSummary
  .extend({
    organizationId: z.uuid(),
    consent: z.object({ marketing: z.boolean(), dataRetention: z.boolean(), updatedAt: z.string().nullable() }),
    idVerifiedAt: z.string().nullable(),
    idExpiresOn: z.string().nullable(),
    groups: z
      .array(z.string())
      .describe('Promotion groups staff gave the customer, sorted. `medical` is not listed: it is derived at each sale from the customer’s kind and an unexpired medical card'),
    mergedIntoId: z.uuid().nullable().describe('Set once this record was merged into another: that record is the customer now (this one takes no new sales)'),
    mergedAt: z.string().nullable(),
    anonymizedAt: z.string().nullable().describe('When the customer’s personal data was erased at their request (POST /v1/customers/:id/anonymize); null otherwise'),
    onlineSignIn: z
      .object({
        email: z.string().describe('The e-mail the shopper signs in with'),
        createdAt: z.string(),
        emailVerified: z.boolean().describe('Whether the shopper confirmed the address by the mailed link'),
      })
      .nullable()
      .describe('The online-store sign-in this record has, if any (a person keeps one: a merge of two records that both have one is refused)'),
    medical: medicalView.nullable(),
    caregivers: z.array(caregiverLink),
    patients: z.array(caregiverLink),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Customer' });

export const medicalInput = z
  .object({
    cardNumber,
    cardJurisdiction: jurisdictionCode,
    cardKind: cardKind.optional().describe('registry_card (a state or county card) or recommendation (a practitioner’s letter alone). Omitted: the kind on file (registry_card for a new record).'),
    cardExpiresOn: isoDate,
    physicianName: z.string().trim().min(1).max(200).nullish(),
    physicianLicense: z.string().trim().min(1).max(100).nullish(),
    recommendationIssuedOn: isoDate.nullish(),
    recommendationExpiresOn: isoDate.nullish(),
    notes: z.string().max(2000).nullish(),
    limitAllowances: z
      .array(limitAllowance)
      .max(MAX_LIMIT_ALLOWANCES)
      .superRefine(noRepeatedLimit)
      .optional()
      .describe(
        'Limits the patient’s practitioner raised for this patient (only limits a pack marks patient-adjustable; anything else is a 400 naming the entry). ' +
          'Replaces the list on file; omit to keep it, send [] to clear it. Checkout applies an allowance only to a medical sale in its jurisdiction ' +
          'until expiresOn, and only where it is above the pack’s maximum.',
      ),
  })
  .strict()
  // A recommendation cannot run out before it was issued: the dates typed the wrong way round
  // were kept, and whichever one a report or a pack later read was wrong.
  .superRefine((m, ctx) => {
    if (m.recommendationIssuedOn && m.recommendationExpiresOn && m.recommendationIssuedOn > m.recommendationExpiresOn) {
      ctx.addIssue({ code: 'custom', path: ['recommendationExpiresOn'], message: `must not be before recommendationIssuedOn (${m.recommendationIssuedOn})` });
    }
  });

export const caregiverInput = z
  .object({
    caregiverCustomerId: z.uuid(),
    card: z.object({ number: cardNumber, jurisdiction: jurisdictionCode, expiresOn: isoDate }).strict().optional(),
  })
  .strict();

export const idVerificationView = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    storeId: z.uuid().nullable(),
    documentType: z.string(),
    issuingJurisdiction: z.string(),
    expiresOn: z.string(),
    method: z.enum(['scan', 'manual']),
    idNumberMasked: z.string().nullable(),
    idNumberHashed: z.boolean(),
    privacyRule: z.string(),
    verifiedBy: z.string().nullable(),
    verifiedByType: z.string(),
    verifiedAt: z.string(),
  })
  .meta({ id: 'IdVerification' });

export const customerSearchQuery = z
  .object({
    q: z.string().trim().min(1).max(200).optional(),
    idNumber: z.string().trim().min(4).max(64).optional(),
    idJurisdiction: idIssuer.optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

export const mergeInput = z
  .object({
    duplicateCustomerId: z.uuid().describe('The record folded into the one in the path (typically the online sign-up); it is kept, marked merged'),
    reason: z.string().trim().min(3).max(500).describe('Why staff know these are one person (the ID checked), for the audit log'),
  })
  .strict();

export const anonymizeInput = z
  .object({
    reason: z.string().trim().min(3).max(500).describe('How the customer asked (in person, by e-mail…), for the audit log'),
  })
  .strict();

export const anonymizeResult = z
  .object({
    customer: customerView,
    anonymized: z.boolean().describe('False when the record had been erased before: nothing was done again'),
    erased: z.object({
      idVerifications: z.number().int().describe('ID checks whose masked number and keyed hash were erased'),
      queueEntries: z.number().int().describe('Check-in queue entries whose typed name and note were erased (one still open has left)'),
      orders: z.number().int().describe('Orders whose pickup contact or delivery phone and instructions were erased'),
      carts: z.number().int().describe('Carts whose contact and address were erased'),
      caregiverLinksEnded: z.number().int(),
      onlineSignIn: z.boolean().describe('Whether an online-store sign-in (e-mail, password, sessions) was deleted'),
    }),
  })
  .meta({ id: 'CustomerAnonymized' });

export const mergeResult = z
  .object({
    customer: customerView,
    duplicate: z.object({ id: z.uuid(), mergedIntoId: z.uuid(), mergedAt: z.string() }),
    moved: z
      .object({
        orders: z.number().int(),
        carts: z.number().int(),
        purchaseUsageLines: z.number().int(),
        complianceEvents: z.number().int(),
        idVerifications: z.number().int(),
        queueEntries: z.number().int(),
        promotionRedemptions: z.number().int(),
        promotionUsage: z.number().int(),
        caregiverLinks: z.number().int(),
        caregiverLinksRevoked: z.number().int().describe('Links of the duplicate the kept record already had, revoked rather than doubled'),
        loyaltyEntries: z.number().int(),
        loyaltyPoints: z.number().int().describe('Points to spend added to the kept record'),
        storeCreditCents: z.number().int(),
        medicalRecord: z.boolean(),
        shopperAccount: z.boolean(),
      })
      .describe('What moved from the duplicate to the kept record'),
  })
  .meta({ id: 'CustomerMerge' });
