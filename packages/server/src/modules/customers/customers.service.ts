import { patientAdjustableLimit } from '@verdant/rules';
import { sql, type RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, conflict, notFound } from '../../platform/errors';
import { dateText } from '../../platform/sql-date';
import type { Db, UnitOfWork } from '../../platform/unit-of-work';
import { hashIdNumber, maskIdNumber } from './aamva';
import type { CustomerSecrets } from './customer-secrets';
import { ID_PRIVACY_RULES } from './id-privacy';

export type CustomerKind = 'adult_use' | 'medical';
export type CardKind = 'registry_card' | 'recommendation';
export type DocumentType = 'driver_license' | 'id_card' | 'passport' | 'military_id' | 'tribal_id' | 'other';

export interface MedicalView {
  cardNumberMasked: string;
  cardJurisdiction: string;
  cardKind: CardKind;
  cardExpiresOn: string;
  physicianName: string | null;
  physicianLicense: string | null;
  recommendationIssuedOn: string | null;
  recommendationExpiresOn: string | null;
  notes: string | null;
  limitAllowances: LimitAllowance[];
}

/** A practitioner's larger maximum for one patient and one pack limit (medical_patient.limit_allowances). */
export interface LimitAllowance {
  limit: string;
  /** In the limit's unit. */
  max: number;
  documentedBy: 'recommendation' | 'waiver' | 'certification' | 'practitioner';
  /** Last store-local day it applies. */
  expiresOn: string;
}

export interface CaregiverLinkView {
  id: string;
  caregiverCustomerId: string;
  patientCustomerId: string;
  /** The other person's name, for lists. */
  name: string;
  cardNumberMasked: string | null;
  cardJurisdiction: string | null;
  cardExpiresOn: string | null;
  createdAt: string;
}

export interface CustomerSummary {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string | null;
  phone: string | null;
  kind: CustomerKind;
  idJurisdiction: string | null;
  idNumberMasked: string | null;
}

export interface CustomerView extends CustomerSummary {
  organizationId: string;
  /** Set once this record was merged into another (POST /v1/customers/:id/merge): use that one. */
  mergedIntoId: string | null;
  mergedAt: string | null;
  /** When the customer's personal data was erased at their request; null otherwise. */
  anonymizedAt: string | null;
  /** The online-store sign-in of this record (shopper_account), if any. */
  onlineSignIn: { email: string; createdAt: string; emailVerified: boolean } | null;
  consent: { marketing: boolean; dataRetention: boolean; updatedAt: string | null };
  idVerifiedAt: string | null;
  idExpiresOn: string | null;
  /** Promotion groups staff gave the customer, sorted (`medical` is derived at the sale, never listed). */
  groups: string[];
  medical: MedicalView | null;
  caregivers: CaregiverLinkView[];
  patients: CaregiverLinkView[];
  createdAt: string;
  updatedAt: string;
}

/** A search result: the summary, and whether the record has an online-store sign-in. */
export interface CustomerSearchResult extends CustomerSummary {
  hasOnlineSignIn: boolean;
}

export interface CustomerInput {
  firstName: string;
  lastName: string;
  birthDate: string;
  email?: string | null;
  phone?: string | null;
  kind?: CustomerKind;
  idJurisdiction?: string | null;
  consentMarketing?: boolean;
  consentDataRetention?: boolean;
  /** Promotion groups (validated by the route's schema); stored sorted, without repeats. */
  groups?: string[];
}

export interface MedicalInput {
  cardNumber: string;
  cardJurisdiction: string;
  /** Omitted: the kind on file (registry_card for a new record). */
  cardKind?: CardKind;
  cardExpiresOn: string;
  physicianName?: string | null;
  physicianLicense?: string | null;
  recommendationIssuedOn?: string | null;
  recommendationExpiresOn?: string | null;
  notes?: string | null;
  /** Replaces the allowances on file; undefined keeps them. */
  limitAllowances?: LimitAllowance[];
}

export interface IdVerificationView {
  id: string;
  customerId: string;
  storeId: string | null;
  documentType: string;
  issuingJurisdiction: string;
  expiresOn: string;
  method: 'scan' | 'manual';
  idNumberMasked: string | null;
  /** Whether a keyed hash was kept (the hash itself is never shown). */
  idNumberHashed: boolean;
  privacyRule: string;
  verifiedBy: string | null;
  verifiedByType: string;
  verifiedAt: string;
}

// ---- small conversions ------------------------------------------------------------------------

/** pg reads `date` as a local-midnight Date; PGlite may hand back a string. Either way: YYYY-MM-DD. */
export { dateText };

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '');
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Escapes LIKE wildcards in user text. */
const likeText = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

type CustomerRow = {
  id: string;
  organization_id: string;
  first_name: string;
  last_name: string;
  birth_date: Date | string;
  email: string | null;
  phone: string | null;
  kind: string;
  id_jurisdiction: string | null;
  consent_marketing: boolean;
  consent_data_retention: boolean;
  consent_updated_at: Date | string | null;
  id_number_masked: string | null;
  id_verified_at: Date | string | null;
  id_expires_on: Date | string | null;
  merged_into_id: string | null;
  merged_at: Date | string | null;
  groups: string[];
  anonymized_at: Date | string | null;
  created_at: Date;
  updated_at: Date;
};

const toSummary = (row: CustomerRow): CustomerSummary => ({
  id: row.id,
  firstName: row.first_name,
  lastName: row.last_name,
  birthDate: dateText(row.birth_date),
  email: row.email,
  phone: row.phone,
  kind: row.kind as CustomerKind,
  idJurisdiction: row.id_jurisdiction,
  idNumberMasked: row.id_number_masked,
});

/** The profile as the audit log sees it: no hashes, no card numbers. */
function auditable(row: CustomerRow) {
  const { id, firstName, lastName, birthDate, email, phone, kind, idJurisdiction } = toSummary(row);
  return {
    id,
    firstName,
    lastName,
    birthDate,
    email,
    phone,
    kind,
    idJurisdiction,
    consentMarketing: row.consent_marketing,
    consentDataRetention: row.consent_data_retention,
    groups: row.groups,
  };
}

/** Groups as stored: sorted, each once (the order staff typed them in means nothing). */
const storedGroups = (groups: readonly string[]) => [...new Set(groups)].sort();

// ---- reads ------------------------------------------------------------------------------------

/**
 * The advisory lock that serialises a customer's limit decisions: checkout takes it with its claim
 * and re-checks the customer and their history under it, up to commit.
 */
export function customerLimitsLockKey(customerId: string): string {
  return `customer-limits:${customerId}`;
}

/**
 * 409 CUSTOMER_MERGED: the record was merged into another (decisions.md §19). It takes no new
 * sales, carts, check-ins, ID checks or changes; the answer names the record to use instead.
 */
export function customerMerged(customerId: string | undefined, mergedIntoId: string, path?: ReadonlyArray<string | number>): AppError {
  return conflict('CUSTOMER_MERGED', 'This customer record was merged into another: use that one.', {
    ...(customerId ? { customerId } : {}),
    mergedIntoId,
    ...(path ? { path: [...path] } : {}),
  });
}

/**
 * 409 CUSTOMER_ANONYMIZED: the customer's personal data was erased at their request. The record
 * stays for the sales and compliance facts naming it, and takes nothing new (ID checks, changes,
 * carts, check-ins); a returning customer gets a new record.
 */
export function customerAnonymized(customerId: string, path?: ReadonlyArray<string | number>): AppError {
  return conflict('CUSTOMER_ANONYMIZED', 'This customer’s personal data was erased at their request; the record takes nothing new. Create a new record for a returning customer.', {
    customerId,
    ...(path ? { path: [...path] } : {}),
  });
}

/**
 * The customer row. `lock`: the customer's limit lock and the row lock, for a change to who the
 * customer is (refused for a merged record); 'share': a share lock only, for a record the change
 * names beside its subject (a caregiver), so that a merge of it waits or is seen.
 */
async function customerRow(db: Db, organizationId: string, id: string, lock: boolean | 'share' = false): Promise<CustomerRow> {
  let query = db.selectFrom('customer').selectAll().where('id', '=', id).where('organization_id', '=', organizationId);
  if (lock === 'share') {
    query = query.forShare();
  } else if (lock) {
    // A change to who the customer is (kind, birth date, ID, medical card) waits for the sales
    // already past their limit re-check, and the sales queued behind it re-check on the changed
    // customer: sales never lock the customer row, so the row lock alone let a sale checked on
    // the old card or kind commit after the change had answered. Taken before the row lock, in
    // the same order as checkout (limit lock, then rows).
    await sql`select pg_advisory_xact_lock(hashtextextended(${customerLimitsLockKey(id)}, 0))`.execute(db);
    query = query.forUpdate();
  }
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Customer', id);
  // Every change goes through the lock; a merged record is read-only (it still resolves).
  if (lock === true && row.merged_into_id) throw customerMerged(id, row.merged_into_id);
  if (lock === true && row.anonymized_at) throw customerAnonymized(id);
  return row as CustomerRow;
}

/**
 * The customer, for a caller about to act on them (an ID check, a cart, points, store credit):
 * 404 when the organization has no such customer, 409 CUSTOMER_MERGED for a merged record.
 */
/**
 * The customer, refused when merged into another record. `share` (inside a transaction) locks the
 * row, so that what the caller then writes naming them commits before a merge of them (which
 * moves it) or finds them merged.
 */
export async function assertCustomer(db: Db, organizationId: string, id: string, options: { share?: boolean } = {}): Promise<CustomerSummary> {
  const row = await customerRow(db, organizationId, id, options.share ? 'share' : false);
  if (row.merged_into_id) throw customerMerged(id, row.merged_into_id);
  if (row.anonymized_at) throw customerAnonymized(id);
  return toSummary(row);
}

/**
 * The live record a customer id stands for: itself, or the record it was merged into. `share`
 * takes a share lock on the row, so that what the caller then writes naming the customer either
 * commits before a merge of them (which moves it) or names the record kept.
 */
export async function keptCustomerId(db: Db, organizationId: string, id: string, options: { share?: boolean } = {}): Promise<string> {
  let query = db.selectFrom('customer').select('merged_into_id').where('id', '=', id).where('organization_id', '=', organizationId);
  if (options.share) query = query.forShare();
  const row = await query.executeTakeFirst();
  return row?.merged_into_id ?? id;
}

export async function getCustomer(db: Db, organizationId: string, id: string): Promise<CustomerView> {
  const row = await customerRow(db, organizationId, id);
  const medical = await db
    .selectFrom('medical_patient')
    .selectAll()
    .where('customer_id', '=', id)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  const signIn = await db
    .selectFrom('shopper_account')
    .select(['email', 'created_at', 'email_verified_at'])
    .where('customer_id', '=', id)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  const links = await db
    .selectFrom('caregiver_link as l')
    .innerJoin('customer as c', (join) =>
      join.on((eb) =>
        eb.or([
          eb.and([eb('l.caregiver_customer_id', '=', id), eb('c.id', '=', eb.ref('l.patient_customer_id'))]),
          eb.and([eb('l.patient_customer_id', '=', id), eb('c.id', '=', eb.ref('l.caregiver_customer_id'))]),
        ]),
      ),
    )
    .select([
      'l.id',
      'l.caregiver_customer_id',
      'l.patient_customer_id',
      'l.card_number_masked',
      'l.card_jurisdiction',
      'l.card_expires_on',
      'l.created_at',
      'c.first_name',
      'c.last_name',
    ])
    .where('l.organization_id', '=', organizationId)
    .where('l.revoked_at', 'is', null)
    .orderBy('l.created_at')
    .execute();
  const linkView = (l: (typeof links)[number]): CaregiverLinkView => ({
    id: l.id,
    caregiverCustomerId: l.caregiver_customer_id,
    patientCustomerId: l.patient_customer_id,
    name: `${l.first_name} ${l.last_name}`,
    cardNumberMasked: l.card_number_masked,
    cardJurisdiction: l.card_jurisdiction,
    cardExpiresOn: dateText(l.card_expires_on),
    createdAt: new Date(l.created_at).toISOString(),
  });
  return {
    ...toSummary(row),
    organizationId: row.organization_id,
    mergedIntoId: row.merged_into_id,
    mergedAt: iso(row.merged_at),
    anonymizedAt: iso(row.anonymized_at),
    onlineSignIn: signIn ? { email: signIn.email, createdAt: new Date(signIn.created_at).toISOString(), emailVerified: signIn.email_verified_at !== null } : null,
    consent: { marketing: row.consent_marketing, dataRetention: row.consent_data_retention, updatedAt: iso(row.consent_updated_at) },
    idVerifiedAt: iso(row.id_verified_at),
    idExpiresOn: dateText(row.id_expires_on),
    groups: row.groups,
    medical: medical
      ? {
          cardNumberMasked: medical.card_number_masked,
          cardJurisdiction: medical.card_jurisdiction,
          cardKind: medical.card_kind as CardKind,
          cardExpiresOn: dateText(medical.card_expires_on),
          physicianName: medical.physician_name,
          physicianLicense: medical.physician_license,
          recommendationIssuedOn: dateText(medical.recommendation_issued_on),
          recommendationExpiresOn: dateText(medical.recommendation_expires_on),
          notes: medical.notes,
          limitAllowances: (medical.limit_allowances ?? []) as LimitAllowance[],
        }
      : null,
    caregivers: links.filter((l) => l.patient_customer_id === id).map(linkView),
    patients: links.filter((l) => l.caregiver_customer_id === id).map(linkView),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface CustomerSearch {
  /** Name, e-mail, phone digits, or the last characters of an ID number (as masked). */
  q?: string;
  /** A full ID number typed at the counter, matched by keyed hash with idJurisdiction. */
  idNumber?: string;
  idJurisdiction?: string;
  limit?: number;
}

export async function searchCustomers(db: Db, organizationId: string, search: CustomerSearch, pepper: string): Promise<CustomerSearchResult[]> {
  // A merged record is not offered: the register and the office pick the record it went into.
  let query = db
    .selectFrom('customer')
    .selectAll()
    // The office lists sign-ups apart from counter records: the usual pair a merge folds together.
    .select((eb) => eb.exists(eb.selectFrom('shopper_account').select('customer_id').whereRef('shopper_account.customer_id', '=', 'customer.id')).as('has_online_sign_in'))
    .where('organization_id', '=', organizationId)
    .where('merged_into_id', 'is', null)
    // Nor an erased one: nobody is found by what was erased, and it takes nothing new.
    .where('anonymized_at', 'is', null);
  const q = search.q?.trim();
  if (q) {
    const digits = q.replace(/\D/g, '');
    const idTail = /^\**[A-Za-z0-9]{2,4}$/.test(q) ? q.replace(/\*/g, '').toUpperCase() : null;
    const pattern = `%${likeText(q.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql<string>`lower(first_name || ' ' || last_name)`, 'like', pattern),
        eb(sql<string>`lower(last_name || ', ' || first_name)`, 'like', pattern),
        eb('email', 'like', `${likeText(q.toLowerCase())}%`),
        ...(digits.length >= 4 && /^[\d\s()+.-]+$/.test(q) ? [eb('phone', 'like', `%${digits}%`)] : []),
        ...(idTail ? [eb('id_number_masked', 'like', `%${idTail}`)] : []),
      ]),
    );
  }
  if (search.idNumber) {
    if (!search.idJurisdiction) {
      throw new AppError(400, 'VALIDATION_FAILED', 'Searching by ID number needs idJurisdiction (the issuer).', [
        { path: ['querystring', 'idJurisdiction'], message: 'required with idNumber' },
      ]);
    }
    query = query.where('id_number_hash', '=', hashIdNumber(search.idNumber, search.idJurisdiction, pepper));
  }
  const rows = await query.orderBy('last_name').orderBy('first_name').orderBy('id').limit(search.limit ?? 50).execute();
  return rows.map((row) => ({ ...toSummary(row as CustomerRow), hasOnlineSignIn: Boolean(row.has_online_sign_in) }));
}

// ---- writes -----------------------------------------------------------------------------------

/**
 * Promotion groups decide discounts (a "staff" or "veteran" deal), so giving or taking them is for
 * those who may set a price at will (pricing:override), not everyone who keeps a customer's
 * profile (403 FORBIDDEN at body.groups).
 */
function assertMayChangeGroups(uow: UnitOfWork, before: readonly string[], after: readonly string[] | undefined): void {
  if (after === undefined || uow.actor.type === 'system') return;
  const same = storedGroups(after).join(',') === storedGroups(before).join(',');
  if (!same && !uow.actor.permissions.has('pricing:override')) {
    throw new AppError(403, 'FORBIDDEN', 'Promotion groups give discounts: giving or taking one needs pricing:override.', { path: ['body', 'groups'], permission: 'pricing:override' });
  }
}

/**
 * A limit allowance lets a patient buy more than the pack's maximum, so putting one on file,
 * changing or removing it is a compliance decision (compliance:override, owners and managers), not
 * part of keeping a card up to date: a budtender renewing a card may send the list as it is on file.
 * 403 FORBIDDEN at body.limitAllowances.
 */
function assertMayChangeAllowances(uow: UnitOfWork, before: readonly LimitAllowance[], after: readonly LimitAllowance[] | undefined): void {
  if (after === undefined || uow.actor.type === 'system' || uow.actor.permissions.has('compliance:override')) return;
  const canonical = (list: readonly LimitAllowance[]) =>
    JSON.stringify(list.map((a) => [a.limit, a.max, a.documentedBy, a.expiresOn]).sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
  if (canonical(after) !== canonical(before)) {
    throw new AppError(403, 'FORBIDDEN', 'A limit allowance raises what a patient may buy: putting one on file, changing or removing it needs compliance:override.', {
      path: ['body', 'limitAllowances'],
      permission: 'compliance:override',
    });
  }
}

export async function createCustomer(uow: UnitOfWork, organizationId: string, input: CustomerInput): Promise<CustomerView> {
  assertMayChangeGroups(uow, [], input.groups);
  const consentGiven = input.consentMarketing !== undefined || input.consentDataRetention !== undefined;
  const row = (await uow.trx
    .insertInto('customer')
    .values({
      id: uuidv7(),
      organization_id: organizationId,
      first_name: input.firstName,
      last_name: input.lastName,
      birth_date: input.birthDate,
      email: input.email ? normalizeEmail(input.email) : null,
      phone: input.phone ? normalizePhone(input.phone) : null,
      kind: input.kind ?? 'adult_use',
      id_jurisdiction: input.idJurisdiction ?? null,
      consent_marketing: input.consentMarketing ?? false,
      consent_data_retention: input.consentDataRetention ?? false,
      consent_updated_at: consentGiven ? new Date() : null,
      groups: storedGroups(input.groups ?? []),
    })
    .returningAll()
    .executeTakeFirstOrThrow()) as CustomerRow;
  await uow.audit({ action: 'customer.created', entityType: 'customer', entityId: row.id, after: auditable(row) });
  await uow.emit({ type: 'customers.customer.created', aggregateType: 'customer', aggregateId: row.id, payload: { customerId: row.id, kind: row.kind } });
  return getCustomer(uow.trx, organizationId, row.id);
}

/** Privacy rules under which an ID check kept the masked number only because of data-retention consent. */
export const CONSENT_PRIVACY_RULES = ID_PRIVACY_RULES.filter((rule) => rule.idNumber === 'consent').map((rule) => rule.id);

export async function updateCustomer(
  uow: UnitOfWork,
  organizationId: string,
  id: string,
  changes: Partial<CustomerInput>,
): Promise<CustomerView> {
  const before = await customerRow(uow.trx, organizationId, id, true);
  assertMayChangeGroups(uow, before.groups ?? [], changes.groups);
  const consentChanged =
    (changes.consentMarketing !== undefined && changes.consentMarketing !== before.consent_marketing) ||
    (changes.consentDataRetention !== undefined && changes.consentDataRetention !== before.consent_data_retention);
  const after = (await uow.trx
    .updateTable('customer')
    .set({
      ...(changes.firstName !== undefined && { first_name: changes.firstName }),
      ...(changes.lastName !== undefined && { last_name: changes.lastName }),
      ...(changes.birthDate !== undefined && { birth_date: changes.birthDate }),
      ...(changes.email !== undefined && { email: changes.email ? normalizeEmail(changes.email) : null }),
      ...(changes.phone !== undefined && { phone: changes.phone ? normalizePhone(changes.phone) : null }),
      ...(changes.kind !== undefined && { kind: changes.kind }),
      ...(changes.idJurisdiction !== undefined && { id_jurisdiction: changes.idJurisdiction }),
      ...(changes.consentMarketing !== undefined && { consent_marketing: changes.consentMarketing }),
      ...(changes.consentDataRetention !== undefined && { consent_data_retention: changes.consentDataRetention }),
      ...(consentChanged && { consent_updated_at: new Date() }),
      ...(changes.groups !== undefined && { groups: storedGroups(changes.groups) }),
      // Withdrawing data-retention consent drops what only consent allowed us to keep.
      ...(changes.consentDataRetention === false && before.consent_data_retention && { id_number_masked: null }),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()) as CustomerRow;
  if (changes.consentDataRetention === false && before.consent_data_retention) {
    // The ID checks made under a rule that kept the masked number only with consent (US-MA)
    // lose it too; the keyed hash stays, so the person is still recognised.
    await uow.trx
      .updateTable('customer_id_verification')
      .set({ id_number_masked: null })
      .where('customer_id', '=', id)
      .where('organization_id', '=', organizationId)
      .where('privacy_rule', 'in', CONSENT_PRIVACY_RULES)
      .where('id_number_masked', 'is not', null)
      .execute();
  }
  await uow.audit({ action: 'customer.updated', entityType: 'customer', entityId: id, before: auditable(before), after: auditable(after) });
  await uow.emit({ type: 'customers.customer.updated', aggregateType: 'customer', aggregateId: id, payload: { customerId: id } });
  return getCustomer(uow.trx, organizationId, id);
}

export async function setMedicalPatient(
  uow: UnitOfWork,
  organizationId: string,
  customerId: string,
  input: MedicalInput,
  secrets: CustomerSecrets,
): Promise<CustomerView> {
  // Only limits a pack lets a practitioner raise; a typo must not sit on file doing nothing.
  input.limitAllowances?.forEach((a, i) => {
    if (!patientAdjustableLimit(a.limit))
      throw new AppError(400, 'VALIDATION_FAILED', `Invalid request body: limitAllowances.${i}.limit: ${a.limit} is not a patient-adjustable limit of any jurisdiction pack`, [
        { path: ['body', 'limitAllowances', i, 'limit'], message: 'not a patient-adjustable limit of any jurisdiction pack' },
      ]);
  });
  const customer = await customerRow(uow.trx, organizationId, customerId, true);
  const hash = hashIdNumber(input.cardNumber, input.cardJurisdiction, secrets.pepper);
  // The same card registered on two records at once: the customer locks are different, so without
  // a lock on the card both saw it free and the second insert hit the unique key (a 500). Taken
  // after the customer's locks, and nothing is locked after it, so it waits in no circle.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`medical-card:${organizationId}:${hash}`}, 0))`.execute(uow.trx);
  const holder = await uow.trx
    .selectFrom('medical_patient')
    .select('customer_id')
    .where('organization_id', '=', organizationId)
    .where('card_number_hash', '=', hash)
    .executeTakeFirst();
  if (holder && holder.customer_id !== customerId) {
    throw conflict('MEDICAL_CARD_TAKEN', 'Another customer already holds this medical card.', { path: ['body', 'cardNumber'] });
  }
  const before = await uow.trx.selectFrom('medical_patient').selectAll().where('customer_id', '=', customerId).executeTakeFirst();
  assertMayChangeAllowances(uow, (before?.limit_allowances ?? []) as LimitAllowance[], input.limitAllowances);
  const values = {
    card_number_encrypted: secrets.encrypt(input.cardNumber.trim(), cardAad(customerId)),
    card_number_masked: maskIdNumber(input.cardNumber),
    card_number_hash: hash,
    card_jurisdiction: input.cardJurisdiction,
    // A renewal that does not name the kind keeps it: a practitioner's recommendation does not
    // become a registry card (which more packs accept) because a field was left out.
    card_kind: input.cardKind ?? before?.card_kind ?? 'registry_card',
    card_expires_on: input.cardExpiresOn,
    physician_name: input.physicianName ?? null,
    physician_license: input.physicianLicense ?? null,
    recommendation_issued_on: input.recommendationIssuedOn ?? null,
    recommendation_expires_on: input.recommendationExpiresOn ?? null,
    notes: input.notes ?? null,
    ...(input.limitAllowances && { limit_allowances: JSON.stringify(input.limitAllowances) }),
    updated_at: new Date(),
  };
  await uow.trx
    .insertInto('medical_patient')
    .values({ customer_id: customerId, organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('customer_id').doUpdateSet(values))
    .execute();
  if (customer.kind !== 'medical') {
    await uow.trx.updateTable('customer').set({ kind: 'medical', updated_at: new Date() }).where('id', '=', customerId).execute();
  }
  const described = (m: { card_number_masked: string; card_jurisdiction: string; card_kind: string; card_expires_on: Date | string; limit_allowances?: unknown } | undefined) =>
    m && {
      cardNumberMasked: m.card_number_masked,
      cardJurisdiction: m.card_jurisdiction,
      cardKind: m.card_kind,
      cardExpiresOn: dateText(m.card_expires_on),
      limitAllowances: m.limit_allowances ?? [],
    };
  await uow.audit({
    action: before ? 'customer.medical.updated' : 'customer.medical.registered',
    entityType: 'customer',
    entityId: customerId,
    before: described(before) ?? null,
    after: described({ ...values, card_expires_on: input.cardExpiresOn, limit_allowances: input.limitAllowances ?? before?.limit_allowances }),
  });
  await uow.emit({ type: 'customers.medical.registered', aggregateType: 'customer', aggregateId: customerId, payload: { customerId } });
  return getCustomer(uow.trx, organizationId, customerId);
}

/** Binds a card ciphertext to its row: copied onto another customer, it no longer decrypts. */
export const cardAad = (customerId: string) => `medical_patient:${customerId}:card_number`;
const caregiverCardAad = (linkId: string) => `caregiver_link:${linkId}:card_number`;

/** The plaintext card number. Every read is audited: who looked at which patient's card. */
export async function revealMedicalCard(
  uow: UnitOfWork,
  organizationId: string,
  customerId: string,
  secrets: CustomerSecrets,
): Promise<{ customerId: string; cardNumber: string; cardJurisdiction: string; cardExpiresOn: string }> {
  const row = await uow.trx
    .selectFrom('medical_patient')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row) throw notFound('Medical card', customerId);
  const cardNumber = secrets.decrypt(row.card_number_encrypted, cardAad(customerId));
  await uow.audit({ action: 'customer.medical.card_revealed', entityType: 'customer', entityId: customerId, after: { cardNumberMasked: row.card_number_masked } });
  return { customerId, cardNumber, cardJurisdiction: row.card_jurisdiction, cardExpiresOn: dateText(row.card_expires_on) };
}

/**
 * The state-system license numbers of a medical sale, for the state report only (never stored
 * elsewhere, logged or put in events): the patient's card number and, when a caregiver bought for
 * them, the caregiver's card number from their link to the patient (the latest link, revoked or
 * not: it was active at the sale). A number not on file is left out. A sale filed after its
 * patient's or caregiver's record was merged is filed with the kept record's card and links.
 */
export async function stateLicenseNumbers(
  db: Db,
  organizationId: string,
  input: { patientId: string; caregiverId?: string },
  secrets: CustomerSecrets,
): Promise<{ patientLicenseNumber?: string; caregiverLicenseNumber?: string }> {
  const row = (
    await sql<{ patient_id: string; patient: string | null; link_id: string | null; caregiver: string | null }>`
      with ids as (
        select coalesce((select merged_into_id from customer where id = ${input.patientId} and organization_id = ${organizationId}), ${input.patientId}::uuid) as patient,
               coalesce((select merged_into_id from customer where id = ${input.caregiverId ?? null}::uuid and organization_id = ${organizationId}), ${input.caregiverId ?? null}::uuid) as caregiver)
      select ids.patient as patient_id,
             (select card_number_encrypted from medical_patient where customer_id = ids.patient and organization_id = ${organizationId}) as patient,
             l.id as link_id, l.card_number_encrypted as caregiver
        from ids
        left join lateral (
          select id, card_number_encrypted from caregiver_link
           where organization_id = ${organizationId} and caregiver_customer_id = ids.caregiver and patient_customer_id = ids.patient
           order by revoked_at is null desc, created_at desc
           limit 1) l on true`.execute(db)
  ).rows[0];
  return {
    ...(row?.patient ? { patientLicenseNumber: secrets.decrypt(row.patient, cardAad(row.patient_id)) } : {}),
    ...(row?.caregiver && row.link_id ? { caregiverLicenseNumber: secrets.decrypt(row.caregiver, caregiverCardAad(row.link_id)) } : {}),
  };
}

export async function linkCaregiver(
  uow: UnitOfWork,
  organizationId: string,
  patientId: string,
  input: { caregiverCustomerId: string; card?: { number: string; jurisdiction: string; expiresOn: string } },
  secrets: CustomerSecrets,
): Promise<CaregiverLinkView> {
  if (input.caregiverCustomerId === patientId) {
    throw new AppError(400, 'VALIDATION_FAILED', 'A patient cannot be their own caregiver.', [{ path: ['body', 'caregiverCustomerId'], message: 'same as the patient' }]);
  }
  await customerRow(uow.trx, organizationId, patientId, true);
  const caregiver = await customerRow(uow.trx, organizationId, input.caregiverCustomerId, 'share');
  if (caregiver.merged_into_id) throw customerMerged(caregiver.id, caregiver.merged_into_id, ['body', 'caregiverCustomerId']);
  const patient = await uow.trx.selectFrom('medical_patient').select('customer_id').where('customer_id', '=', patientId).executeTakeFirst();
  if (!patient) throw new AppError(422, 'NOT_A_PATIENT', 'Register the patient’s medical card before linking a caregiver.');
  const existing = await uow.trx
    .selectFrom('caregiver_link')
    .select('id')
    .where('caregiver_customer_id', '=', input.caregiverCustomerId)
    .where('patient_customer_id', '=', patientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (existing) throw conflict('CAREGIVER_ALREADY_LINKED', 'This caregiver is already linked to the patient.', { linkId: existing.id });
  const id = uuidv7();
  await uow.trx
    .insertInto('caregiver_link')
    .values({
      id,
      organization_id: organizationId,
      caregiver_customer_id: input.caregiverCustomerId,
      patient_customer_id: patientId,
      card_number_encrypted: input.card ? secrets.encrypt(input.card.number.trim(), caregiverCardAad(id)) : null,
      card_number_masked: input.card ? maskIdNumber(input.card.number) : null,
      card_jurisdiction: input.card?.jurisdiction ?? null,
      card_expires_on: input.card?.expiresOn ?? null,
    })
    .execute();
  const after = { caregiverCustomerId: input.caregiverCustomerId, patientCustomerId: patientId, cardNumberMasked: input.card ? maskIdNumber(input.card.number) : null };
  await uow.audit({ action: 'customer.caregiver.linked', entityType: 'customer', entityId: patientId, after });
  await uow.emit({ type: 'customers.caregiver.linked', aggregateType: 'customer', aggregateId: patientId, payload: { linkId: id, ...after } });
  const view = await getCustomer(uow.trx, organizationId, patientId);
  const link = view.caregivers.find((l) => l.id === id);
  if (!link) throw new Error('caregiver link vanished');
  return { ...link, name: `${caregiver.first_name} ${caregiver.last_name}` };
}

export async function revokeCaregiver(uow: UnitOfWork, organizationId: string, patientId: string, linkId: string): Promise<void> {
  // The patient's limit lock, as for any change to who may buy for them: a caregiver's sale past
  // its re-check of the link commits before the link ends, and one queued behind it finds the
  // link ended (422 CAREGIVER_NOT_LINKED). Without it a sale committed after this answered.
  await customerRow(uow.trx, organizationId, patientId, true);
  const row = await uow.trx
    .updateTable('caregiver_link')
    .set({ revoked_at: new Date() })
    .where('id', '=', linkId)
    .where('patient_customer_id', '=', patientId)
    .where('organization_id', '=', organizationId)
    .where('revoked_at', 'is', null)
    .returning(['caregiver_customer_id'])
    .executeTakeFirst();
  if (!row) throw notFound('Caregiver link', linkId);
  await uow.audit({ action: 'customer.caregiver.revoked', entityType: 'customer', entityId: patientId, before: { linkId, caregiverCustomerId: row.caregiver_customer_id } });
  // Announced like the link: a subscriber that mirrors who may buy for a patient hears of the end too.
  await uow.emit({
    type: 'customers.caregiver.revoked',
    aggregateType: 'customer',
    aggregateId: patientId,
    payload: { linkId, caregiverCustomerId: row.caregiver_customer_id, patientCustomerId: patientId },
  });
}

/**
 * The birth date (YYYY-MM-DD text) of `caregiverId` while an unrevoked link lets them buy for
 * `patientId`, as one SQL expression; null = not a linked caregiver. With `cardValidOn` (the
 * store-local date of the sale), a link whose caregiver card on file expired before it does not
 * count either. Checkout reads it in the same statement as the patient and their history, so a
 * caregiver costs no extra round trip; caregiverRefusal says why it was null.
 */
export function activeCaregiverBirthDateSql(organizationId: string, caregiverId: string, patientId: string, cardValidOn?: string): RawBuilder<string | null> {
  return sql<string | null>`(select c.birth_date::text
       from caregiver_link l join customer c on c.id = l.caregiver_customer_id and c.organization_id = l.organization_id
      where l.organization_id = ${organizationId} and l.caregiver_customer_id = ${caregiverId}
        and l.patient_customer_id = ${patientId} and l.revoked_at is null${
          cardValidOn ? sql` and (l.card_expires_on is null or l.card_expires_on >= ${cardValidOn}::date)` : sql``})`;
}

/**
 * Why a caregiver may not buy for the patient on a store-local date (activeCaregiverBirthDateSql
 * found nothing): 409 CUSTOMER_MERGED for a caregiver record merged into another (the link moved
 * to the record kept), 422 CAREGIVER_CARD_EXPIRED when the caregiver card on the link expired
 * before that date, else 422 CAREGIVER_NOT_LINKED. Read only on the refusal path.
 */
export async function caregiverRefusal(db: Db, organizationId: string, input: { caregiverId: string; patientId: string; onDate: string }): Promise<AppError> {
  const { caregiverId, patientId } = input;
  const caregiver = await db.selectFrom('customer').select('merged_into_id').where('id', '=', caregiverId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (caregiver?.merged_into_id) return customerMerged(caregiverId, caregiver.merged_into_id);
  const link = await db
    .selectFrom('caregiver_link')
    .select('card_expires_on')
    .where('organization_id', '=', organizationId)
    .where('caregiver_customer_id', '=', caregiverId)
    .where('patient_customer_id', '=', patientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const cardExpiresOn = dateText(link?.card_expires_on ?? null);
  if (cardExpiresOn !== null && cardExpiresOn < input.onDate) {
    return new AppError(422, 'CAREGIVER_CARD_EXPIRED', `The caregiver’s card expired on ${cardExpiresOn}: renew it on the caregiver link before they buy for the patient.`, {
      caregiverId,
      patientId,
      cardExpiresOn,
    });
  }
  return new AppError(422, 'CAREGIVER_NOT_LINKED', 'This caregiver is not linked to the patient.', { caregiverId, patientId });
}

// ---- ID verifications -------------------------------------------------------------------------

export interface IdVerificationInput {
  storeId: string | null;
  documentType: DocumentType;
  issuingJurisdiction: string;
  expiresOn: string;
  method: 'scan' | 'manual';
  /** Already reduced by the privacy rule: never the raw number. */
  idNumberMasked: string | null;
  idNumberHash: string | null;
  privacyRule: string;
  /** Birth date read from the document; corrects the profile when it differs. */
  birthDate?: string;
}

const toVerification = (r: {
  id: string;
  customer_id: string;
  store_id: string | null;
  document_type: string;
  issuing_jurisdiction: string;
  expires_on: Date | string;
  method: string;
  id_number_masked: string | null;
  id_number_hash: string | null;
  privacy_rule: string;
  verified_by: string | null;
  verified_by_type: string;
  verified_at: Date;
}): IdVerificationView => ({
  id: r.id,
  customerId: r.customer_id,
  storeId: r.store_id,
  documentType: r.document_type,
  issuingJurisdiction: r.issuing_jurisdiction,
  expiresOn: dateText(r.expires_on),
  method: r.method as 'scan' | 'manual',
  idNumberMasked: r.id_number_masked,
  idNumberHashed: r.id_number_hash !== null,
  privacyRule: r.privacy_rule,
  verifiedBy: r.verified_by,
  verifiedByType: r.verified_by_type,
  verifiedAt: new Date(r.verified_at).toISOString(),
});

export async function recordIdVerification(
  uow: UnitOfWork,
  organizationId: string,
  customerId: string,
  input: IdVerificationInput,
): Promise<{ verification: IdVerificationView; profileBirthDateCorrected: boolean }> {
  const before = await customerRow(uow.trx, organizationId, customerId, true);
  const row = await uow.trx
    .insertInto('customer_id_verification')
    .values({
      id: uuidv7(),
      organization_id: organizationId,
      customer_id: customerId,
      store_id: input.storeId,
      document_type: input.documentType,
      issuing_jurisdiction: input.issuingJurisdiction,
      expires_on: input.expiresOn,
      method: input.method,
      id_number_masked: input.idNumberMasked,
      id_number_hash: input.idNumberHash,
      privacy_rule: input.privacyRule,
      verified_by_type: uow.actor.type,
      verified_by: uow.actor.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const corrected = input.birthDate !== undefined && input.birthDate !== dateText(before.birth_date);
  const after = (await uow.trx
    .updateTable('customer')
    .set({
      id_jurisdiction: input.issuingJurisdiction,
      id_number_masked: input.idNumberMasked,
      id_number_hash: input.idNumberHash,
      id_verified_at: new Date(row.verified_at),
      id_expires_on: input.expiresOn,
      ...(corrected && { birth_date: input.birthDate }),
      updated_at: new Date(),
    })
    .where('id', '=', customerId)
    .returningAll()
    .executeTakeFirstOrThrow()) as CustomerRow;
  const verification = toVerification(row);
  await uow.audit({
    action: 'customer.id_verified',
    entityType: 'customer',
    entityId: customerId,
    storeId: input.storeId,
    before: corrected ? auditable(before) : undefined,
    after: {
      verificationId: verification.id,
      documentType: verification.documentType,
      issuingJurisdiction: verification.issuingJurisdiction,
      expiresOn: verification.expiresOn,
      method: verification.method,
      // A masked number kept only with data-retention consent goes when the consent does; the
      // audit log cannot forget it, so it never holds it.
      ...(!CONSENT_PRIVACY_RULES.includes(verification.privacyRule) && { idNumberMasked: verification.idNumberMasked }),
      privacyRule: verification.privacyRule,
      ...(corrected && { profile: auditable(after) }),
    },
  });
  await uow.emit({
    type: 'customers.id.verified',
    aggregateType: 'customer',
    aggregateId: customerId,
    storeId: input.storeId,
    payload: { customerId, verificationId: verification.id, method: verification.method },
  });
  return { verification, profileBirthDateCorrected: corrected };
}

/**
 * An ID refused as under age is still a valid document, and it says when the person was born: a
 * profile that says otherwise is corrected to it (audited `customer.birth_date_corrected`, naming
 * the refusal), so a later sale judged on the profile's birth date (a walk-in sold from the record
 * without a new scan) is judged on the document's. An expired ID corrects nothing: it is not
 * accepted as a document at all. Takes the customer's limit lock like every change to who the
 * customer is, so a sale already past its re-check commits first and one behind it re-checks.
 */
export async function correctBirthDateFromRefusedId(
  uow: UnitOfWork,
  organizationId: string,
  customerId: string,
  input: { birthDate: string; storeId: string; refusalId: string; documentType: string; issuingJurisdiction: string },
): Promise<boolean> {
  const before = await customerRow(uow.trx, organizationId, customerId, true);
  if (dateText(before.birth_date) === input.birthDate) return false;
  const after = (await uow.trx
    .updateTable('customer')
    .set({ birth_date: input.birthDate, updated_at: new Date() })
    .where('id', '=', customerId)
    .returningAll()
    .executeTakeFirstOrThrow()) as CustomerRow;
  await uow.audit({
    action: 'customer.birth_date_corrected',
    entityType: 'customer',
    entityId: customerId,
    storeId: input.storeId,
    before: auditable(before),
    after: { ...auditable(after), refusalId: input.refusalId, documentType: input.documentType, issuingJurisdiction: input.issuingJurisdiction },
    reason: 'The ID checked (refused: under age) gives another birth date than the record',
  });
  await uow.emit({ type: 'customers.customer.updated', aggregateType: 'customer', aggregateId: customerId, storeId: input.storeId, payload: { customerId } });
  return true;
}

export async function listIdVerifications(db: Db, organizationId: string, customerId: string): Promise<IdVerificationView[]> {
  await customerRow(db, organizationId, customerId);
  const rows = await db
    .selectFrom('customer_id_verification')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('organization_id', '=', organizationId)
    .orderBy('verified_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toVerification);
}

// ---- for the rules engine ---------------------------------------------------------------------

/** The `customer` block of a rules request. */
export interface RulesCustomer {
  kind: CustomerKind;
  birthDate: string;
  idJurisdiction?: string;
  medicalCard?: { number: string; jurisdiction: string; expiresOn: string; kind?: CardKind } | null;
  /** The patient's unexpired allowances for the sale's jurisdiction; absent when there are none. */
  limitAllowances?: { limit: string; max: number }[];
  /** Pre-verified for delivery (see deliveryPreVerifiedSql); present only when the caller asked. */
  deliveryPreVerified?: boolean;
}

/** Which allowances a sale may use: the store's pack's limits, unexpired on the store-local date. */
export interface AllowancesFor {
  jurisdiction: string;
  localDate: string;
}

/** For a delivery from a store of `jurisdiction` on the store-local `localDate`: is the customer pre-verified? */
export interface PreVerifiedFor {
  jurisdiction: string;
  localDate: string;
}

/**
 * Whether the customer is pre-verified for delivery, as one SQL boolean over the customer row `c`:
 * an ID that staff checked in person (at the counter or the door, or a driver at a hand-over), at a
 * store of the organization in the delivering store's jurisdiction, unexpired on the sale's
 * store-local date. Only accepted IDs are ever recorded (a refusal goes to the compliance log), so
 * a record is an acceptance. Not an ID recorded by an API key or a shopper: nobody of the store saw
 * the person. Not one checked under another state's law: pre-verification is the delivering
 * licensee's, and a check at a Colorado store is no Massachusetts retailer's. An expired document
 * verifies nobody, so the customer is checked again in person once it expires.
 */
function deliveryPreVerifiedSql(preVerifiedFor: PreVerifiedFor): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from customer_id_verification v join store s on s.id = v.store_id
                        where v.customer_id = c.id and v.organization_id = c.organization_id and v.verified_by_type = 'staff'
                          and v.expires_on >= ${preVerifiedFor.localDate}::date
                          and s.organization_id = c.organization_id and s.jurisdiction = ${preVerifiedFor.jurisdiction})`;
}

/**
 * The customer as the rules engine needs them. The engine checks a card's issuer and expiry,
 * never its digits, so the masked number is sent: checkout never needs the decryption key.
 */
export async function rulesCustomerFor(db: Db, organizationId: string, customerId: string): Promise<RulesCustomer> {
  const result = await sql<{ customer: unknown }>`select ${rulesCustomerSql(organizationId, customerId)} as customer`.execute(db);
  const customer = rulesCustomerFromSql(result.rows[0]?.customer, customerId);
  if (!customer) throw notFound('Customer', customerId);
  return customer;
}

/**
 * rulesCustomerFor as one SQL expression (a jsonb value, null when there is no such customer), for
 * a caller that reads the customer together with its own data in one statement (checkout reads
 * the customer and the purchase history in one round trip). Decode with rulesCustomerFromSql.
 */
export function rulesCustomerSql(organizationId: string, customerId: string, allowancesFor?: AllowancesFor, preVerifiedFor?: PreVerifiedFor): RawBuilder<unknown> {
  // Pack limit ids start with the pack's lower-case jurisdiction, so the prefix keeps another
  // jurisdiction's allowances out of this store's request (the engine would refuse them).
  const allowances = allowancesFor
    ? sql`, 'limitAllowances', (select jsonb_agg(jsonb_build_object('limit', e.a->>'limit', 'max', e.a->'max') order by e.ord)
                                  from medical_patient m, jsonb_array_elements(m.limit_allowances) with ordinality as e(a, ord)
                                 where m.customer_id = c.id and e.a->>'expiresOn' >= ${allowancesFor.localDate}
                                   and left(e.a->>'limit', ${allowancesFor.jurisdiction.length + 1}) = ${allowancesFor.jurisdiction.toLowerCase() + '.'})`
    : sql``;
  const preVerified = preVerifiedFor ? sql`, 'deliveryPreVerified', ${deliveryPreVerifiedSql(preVerifiedFor)}` : sql``;
  return sql`(select jsonb_build_object('kind', c.kind, 'birthDate', c.birth_date::text, 'idJurisdiction', c.id_jurisdiction, 'mergedIntoId', c.merged_into_id,
            'anonymized', c.anonymized_at is not null,
            'medicalCard', (select jsonb_build_object('number', m.card_number_masked, 'jurisdiction', m.card_jurisdiction,
                                                      'expiresOn', m.card_expires_on::text, 'kind', m.card_kind)
                              from medical_patient m where m.customer_id = c.id)${allowances}${preVerified})
       from customer c where c.id = ${customerId} and c.organization_id = ${organizationId})`;
}

/**
 * The customer's groups as a promotion's customer_group condition sees them, as one SQL expression
 * (jsonb `{ groups, mergedIntoId }`, null when the organization has no such customer), for a
 * caller that reads them together with its own data in one statement: the groups staff gave the
 * customer, plus `medical` for a medical customer whose card on file is unexpired on `localDate`
 * (the store-local date of the sale). `medical` is derived, never stored, so it ends with the card
 * and cannot be given by hand. Decode with promotionGroupsFromSql.
 */
export function promotionGroupsSql(organizationId: string, customerId: string, localDate: string): RawBuilder<unknown> {
  return sql`(select jsonb_build_object('mergedIntoId', c.merged_into_id, 'groups', to_jsonb(c.groups
            || case when c.kind = 'medical' and exists (select 1 from medical_patient m where m.customer_id = c.id and m.card_expires_on >= ${localDate}::date)
                    then array['medical'] else '{}'::text[] end))
       from customer c where c.id = ${customerId} and c.organization_id = ${organizationId})`;
}

/** Decodes promotionGroupsSql: null for no such customer, 409 CUSTOMER_MERGED for a merged record (as rulesCustomerFromSql). */
export function promotionGroupsFromSql(value: unknown, customerId: string): string[] | null {
  if (value === null || value === undefined) return null;
  const row = value as { mergedIntoId: string | null; groups: string[] };
  if (row.mergedIntoId) throw customerMerged(customerId, row.mergedIntoId);
  return row.groups;
}

/**
 * Decodes rulesCustomerSql. A merged record is never judged (its history moved to the record it
 * went into, so its limits would look unused): 409 CUSTOMER_MERGED, for every sale, cart, quote
 * and compliance check, the re-check under the customer's lock included. An erased record (its
 * personal data removed at the customer's request) takes nothing new either: 409
 * CUSTOMER_ANONYMIZED (its birth day is gone, so no age could be judged on it).
 */
export function rulesCustomerFromSql(value: unknown, customerId?: string): RulesCustomer | null {
  if (value === null || value === undefined) return null;
  const row = value as {
    kind: string;
    birthDate: string;
    idJurisdiction: string | null;
    mergedIntoId?: string | null;
    anonymized?: boolean;
    medicalCard: { number: string; jurisdiction: string; expiresOn: string; kind: string } | null;
    limitAllowances?: { limit: string; max: number }[] | null;
    deliveryPreVerified?: boolean;
  };
  if (row.mergedIntoId) throw customerMerged(customerId, row.mergedIntoId);
  if (row.anonymized) throw customerAnonymized(customerId ?? '');
  return {
    // Absent unless there is one, so a request without allowances stays on the engine's cheapest path.
    ...(row.limitAllowances?.length ? { limitAllowances: row.limitAllowances.map((a) => ({ limit: a.limit, max: Number(a.max) })) } : {}),
    kind: row.kind as CustomerKind,
    birthDate: dateText(row.birthDate),
    ...(row.idJurisdiction ? { idJurisdiction: row.idJurisdiction } : {}),
    medicalCard: row.medicalCard
      ? { number: row.medicalCard.number, jurisdiction: row.medicalCard.jurisdiction, expiresOn: dateText(row.medicalCard.expiresOn), kind: row.medicalCard.kind as CardKind }
      : null,
    ...(typeof row.deliveryPreVerified === 'boolean' && { deliveryPreVerified: row.deliveryPreVerified }),
  };
}
