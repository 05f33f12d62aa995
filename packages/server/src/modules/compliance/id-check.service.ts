// Checking a customer's ID at the door or the register: a scanned AAMVA barcode or a document
// read by hand. An expired or under-age ID is refused, and the refusal is logged (committed even
// though the request fails); an accepted one becomes an ID verification record that keeps only
// what the store's jurisdiction lets us keep (customers/id-privacy.ts).
import type { Pack } from '@verdant/rules';
import { errorBody, type ErrorBody } from '../../platform/errors';
import type { UnitOfWork } from '../../platform/unit-of-work';
import {
  assertCustomer,
  correctBirthDateFromRefusedId,
  hashIdNumber,
  idPrivacyRuleFor,
  maskIdNumber,
  parseAamva,
  recordIdVerification,
  retainedIdNumber,
  rulesCustomerFor,
  type DocumentType,
  type RulesCustomer,
  type IdVerificationView,
} from '../customers';
import { recordRefusal, type LoggedViolation } from './compliance-log';
import { ageOn, inEffect, localDate, packOrNull } from './rules-engine';
import { overridesFor, storeFor, type StoreRef } from './store-rules';
import type { Channel } from './usage-ledger';

/**
 * Minimum age where no pack answers for the store's jurisdiction or date: 21, the adult-use age
 * of every US state in the reference (regulations.md §1). Sales there are refused anyway
 * (checkout needs a pack); this only keeps the ID check from being the weak link.
 */
export const FALLBACK_MINIMUM_AGE = { id: 'fallback.age.minimum', minAge: 21 } as const;

/**
 * The minimum age an ID check holds the customer to. The medical one applies only to a patient
 * the store's pack would serve as one on that date: kind medical, with a card on file that is
 * unexpired and of an issuer and kind the pack's medical program accepts (as the engine's card
 * check). A record marked medical without such a card is held to the adult-use age: its sales
 * are refused as medical ones anyway, and the ID check must not admit an 18-year-old on it.
 */
export function minimumAgeFor(
  pack: Pack | null,
  customer: Pick<RulesCustomer, 'kind' | 'medicalCard'>,
  date: string,
  /** Whether the store holds its state's medical endorsement, licence or registration (default: held, as the engine). */
  storeMedicalEndorsement = true,
): { id: string; minAge: number } {
  if (!pack || !inEffect(pack.effective, date)) return FALLBACK_MINIMUM_AGE;
  const rules = pack.ages.filter((a) => inEffect(a.effective, date));
  const program = pack.medicalProgram.find((m) => inEffect(m.effective, date));
  const card = customer.medicalCard;
  const patient =
    customer.kind === 'medical' &&
    program?.offered === true &&
    card != null &&
    card.expiresOn >= date &&
    (program.acceptedCardJurisdictions === 'any' || program.acceptedCardJurisdictions.includes(card.jurisdiction.toUpperCase())) &&
    (!program.acceptedCardKinds || program.acceptedCardKinds.includes(card.kind ?? 'registry_card')) &&
    // Where medical sales need the store's medical licence (California's M-licence), a patient at a
    // store without it is served as adult use, as the sale itself is.
    !(program.requiresStoreMedicalEndorsement && !storeMedicalEndorsement);
  const rule = rules.find((a) => a.customerKind === (patient ? 'medical' : 'adult_use')) ?? rules.find((a) => a.customerKind === 'adult_use');
  if (!rule) return FALLBACK_MINIMUM_AGE;
  // The youngest patients only at a store registered for medical sales (Oregon's 18–20).
  const atThisStore = !storeMedicalEndorsement ? rule.minAgeAtStoreWithoutMedicalEndorsement : undefined;
  return { id: rule.id, minAge: Math.max(rule.minAge, atThisStore ?? rule.minAge) };
}

export interface IdCheckInput {
  organizationId: string;
  customerId: string;
  storeId: string;
  channel?: Channel;
  at?: Date;
  /** Where a refusal is logged from when not the counter (a driver at the door: source `delivery`, the order out). */
  refusalFor?: { source: string; orderId: string };
}

export type IdCheckOutcome =
  | {
      ok: true;
      verification: IdVerificationView;
      ageYears: number;
      minimumAge: number;
      profileBirthDateCorrected: boolean;
      warnings: string[];
    }
  | { ok: false; status: number; body: ErrorBody };

interface ReadDocument {
  documentType: DocumentType;
  issuingJurisdiction: string;
  expiresOn: string;
  birthDate: string;
  idNumberMasked: string | null;
  idNumberHash: string | null;
  method: 'scan' | 'manual';
  warnings: string[];
}

async function refuse(
  uow: UnitOfWork,
  input: IdCheckInput,
  store: StoreRef,
  status: number,
  violation: LoggedViolation,
  details: Record<string, unknown>,
  source: string,
): Promise<IdCheckOutcome> {
  const event = await recordRefusal(uow, {
    organizationId: input.organizationId,
    storeId: store.id,
    customerId: input.customerId,
    channel: input.channel ?? 'in_store',
    source: input.refusalFor?.source ?? source,
    ...(input.refusalFor && { orderId: input.refusalFor.orderId }),
    violations: [violation],
    jurisdiction: store.jurisdiction,
  });
  return { ok: false, status, body: errorBody(violation.code, violation.message, { ...details, refusalId: event.id }) };
}

async function check(uow: UnitOfWork, input: IdCheckInput, store: StoreRef, today: string, doc: ReadDocument | { expired: LoggedViolation; details: Record<string, unknown> }): Promise<IdCheckOutcome> {
  const source = 'method' in doc && doc.method === 'manual' ? 'id_check' : 'id_scan';
  if ('expired' in doc) return refuse(uow, input, store, 422, doc.expired, doc.details, 'id_scan');
  // The kind and the medical card decide the minimum age (409 CUSTOMER_MERGED for a merged record).
  const customer = await rulesCustomerFor(uow.trx, input.organizationId, input.customerId);
  const privacy = idPrivacyRuleFor(store.jurisdiction, today);
  const consent = await uow.trx.selectFrom('customer').select('consent_data_retention').where('id', '=', input.customerId).executeTakeFirstOrThrow();
  const kept = retainedIdNumber(privacy, { masked: doc.idNumberMasked, hash: doc.idNumberHash }, consent.consent_data_retention);
  const described = { issuingJurisdiction: doc.issuingJurisdiction, expiresOn: doc.expiresOn, idNumberMasked: kept.masked };

  if (doc.expiresOn < today) {
    return refuse(uow, input, store, 422, { code: 'ID_EXPIRED', message: `The ID expired on ${doc.expiresOn}.`, rule: 'id.expired' }, described, source);
  }
  const minimum = minimumAgeFor(packOrNull(store.jurisdiction, await overridesFor(uow.trx, store.id)), customer, today, store.medicalEndorsement);
  const age = ageOn(doc.birthDate, today);
  if (age < minimum.minAge) {
    const refused = await refuse(
      uow,
      input,
      store,
      422,
      { code: 'UNDERAGE', message: `Customers must be ${minimum.minAge} or older in ${store.jurisdiction} (the ID says ${Math.max(age, 0)}).`, rule: minimum.id },
      { ...described, minimumAge: minimum.minAge, ageYears: Math.max(age, 0) },
      source,
    );
    if (refused.ok) return refused;
    // The document is valid and says when the person was born: a record that says otherwise is
    // corrected (audited, naming the refusal), so a later sale from the record is not judged on
    // the wrong date. Committed with the refusal.
    const details = refused.body.error.details as Record<string, unknown>;
    const corrected = await correctBirthDateFromRefusedId(uow, input.organizationId, input.customerId, {
      birthDate: doc.birthDate,
      storeId: store.id,
      refusalId: details.refusalId as string,
      documentType: doc.documentType,
      issuingJurisdiction: doc.issuingJurisdiction,
    });
    details.profileBirthDateCorrected = corrected;
    return refused;
  }
  const { verification, profileBirthDateCorrected } = await recordIdVerification(uow, input.organizationId, input.customerId, {
    storeId: store.id,
    documentType: doc.documentType,
    issuingJurisdiction: doc.issuingJurisdiction,
    expiresOn: doc.expiresOn,
    method: doc.method,
    idNumberMasked: kept.masked,
    idNumberHash: kept.hash,
    privacyRule: privacy.id,
    birthDate: doc.birthDate,
  });
  return { ok: true, verification, ageYears: age, minimumAge: minimum.minAge, profileBirthDateCorrected, warnings: doc.warnings };
}

/** A scanned barcode: parsed in memory, the raw text and number never stored or logged. */
export async function checkScannedId(uow: UnitOfWork, input: IdCheckInput & { raw: string }, pepper: string): Promise<IdCheckOutcome> {
  const store = await storeFor(uow.trx, input.organizationId, input.storeId);
  await assertCustomer(uow.trx, input.organizationId, input.customerId);
  const today = localDate(store.timezone, input.at ?? Date.now());
  const parsed = parseAamva(input.raw, { today, pepper });
  if (!parsed.ok) {
    if (parsed.code === 'ID_EXPIRED') {
      const privacy = idPrivacyRuleFor(store.jurisdiction, today);
      const details = {
        issuingJurisdiction: parsed.details?.issuingJurisdiction ?? null,
        expiresOn: parsed.details?.expiresOn ?? null,
        idNumberMasked: privacy.idNumber === 'masked_and_hash' ? (parsed.details?.idNumberMasked ?? null) : null,
      };
      return check(uow, input, store, today, { expired: { code: 'ID_EXPIRED', message: parsed.message, rule: 'id.expired' }, details });
    }
    // A barcode we cannot read is a scanning problem, not a compliance decision: nothing to log.
    return { ok: false, status: 422, body: errorBody(parsed.code, parsed.message, { ...(parsed.field && { field: parsed.field }), path: ['body', 'raw'] }) };
  }
  const l = parsed.license;
  return check(uow, input, store, today, {
    documentType: l.documentType,
    issuingJurisdiction: l.issuingJurisdiction,
    expiresOn: l.expiresOn,
    birthDate: l.birthDate,
    idNumberMasked: l.idNumberMasked,
    idNumberHash: l.idNumberHash,
    method: 'scan',
    warnings: parsed.warnings,
  });
}

export interface ManualIdInput {
  documentType: DocumentType;
  issuingJurisdiction: string;
  expiresOn: string;
  birthDate: string;
  /** Optional: typed from the document; hashed and masked here, never stored as typed. */
  idNumber?: string;
}

/** A document read by hand (passport, military ID, a licence whose barcode will not scan). */
export async function checkManualId(uow: UnitOfWork, input: IdCheckInput & { document: ManualIdInput }, pepper: string): Promise<IdCheckOutcome> {
  const store = await storeFor(uow.trx, input.organizationId, input.storeId);
  await assertCustomer(uow.trx, input.organizationId, input.customerId);
  const today = localDate(store.timezone, input.at ?? Date.now());
  const d = input.document;
  return check(uow, input, store, today, {
    documentType: d.documentType,
    issuingJurisdiction: d.issuingJurisdiction,
    expiresOn: d.expiresOn,
    birthDate: d.birthDate,
    idNumberMasked: d.idNumber ? maskIdNumber(d.idNumber) : null,
    idNumberHash: d.idNumber ? hashIdNumber(d.idNumber, d.issuingJurisdiction, pepper) : null,
    method: 'manual',
    warnings: [],
  });
}
