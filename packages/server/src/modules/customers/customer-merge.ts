// Merging two records of one person (decisions.md §19, docs/customers-and-compliance.md): staff
// who checked the person's ID fold the duplicate (typically an online sign-up) into the record
// the store keeps (typically the patient record with the medical card). One transaction moves
// everything that names the duplicate to the kept record and marks the duplicate merged; its id
// still resolves, but it takes no new sales, carts, check-ins or sign-ins.
//
// This is the one place that must know every column naming a customer, whichever module owns
// the table, because the move has to be one transaction with both customers locked: it writes
// those tables directly, by id, as checkout writes its own cross-module statements.
// CUSTOMER_REFERENCES lists them, and customer-merge.test.ts compares the list with the schema,
// so a new column naming a customer fails the tests until the merge handles it.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, conflict } from '../../platform/errors';
import type { UnitOfWork } from '../../platform/unit-of-work';
import type { CustomerSecrets } from './customer-secrets';
import { MAX_CUSTOMER_GROUPS } from './customers.schemas';
import { cardAad, CONSENT_PRIVACY_RULES, customerAnonymized, customerLimitsLockKey, customerMerged, dateText, getCustomer, type CustomerView } from './customers.service';

/** Every column that names a customer (`table.column`), and what a merge does with it. */
export const CUSTOMER_REFERENCES: Readonly<Record<string, string>> = {
  'customer.merged_into_id': 'records merged into the duplicate are re-pointed to the kept record (always one hop)',
  'sales_order.customer_id': 'moved',
  'sales_order.customer': 'the snapshot’s id (and caregiverId where the duplicate bought for a patient) moved; its kind stays as sold',
  'sales_cart.customer_id': 'moved, open carts and their holds included (re-checked on the kept record at the next change and at completion)',
  'sales_cart.caregiver_id': 'moved (cleared where the person would be buying for themselves)',
  'purchase_usage_line.customer_id': 'moved: the limit windows see both records’ purchases',
  'compliance_event.customer_id': 'moved',
  'customer_id_verification.customer_id': 'moved',
  'register_queue_entry.customer_id': 'moved; where both records are in the queue at one store, the duplicate’s entry is closed (left) first',
  'promotion_redemption.customer_id': 'moved',
  'promotion_customer_usage.customer_id': 'uses added to the kept record’s',
  'loyalty_entry.customer_id': 'moved',
  'loyalty_account.customer_id': 'moved when only the duplicate has one; else its balance is closed and added to the kept account by adjust entries',
  'stored_value_account.customer_id': 'store credit moved when only the duplicate has some; else its balance moves by adjust entries',
  'caregiver_link.caregiver_customer_id': 'moved; a link the kept record already has is revoked; an active link between the two refuses the merge',
  'caregiver_link.patient_customer_id': 'as caregiver_customer_id',
  'medical_patient.customer_id': 'moved (card re-encrypted for its new row) when only the duplicate has one; both: refused',
  'shopper_account.customer_id': 'moved when only the duplicate has a sign-in; both: refused',
  'shopper_session.customer_id': 'follows the account (on update cascade)',
  'shopper_password_reset.customer_id': 'follows the account (on update cascade)',
  'shopper_email_verification.customer_id': 'follows the account (on update cascade)',
  'shopper_mail.customer_id': 'follows the account (on update cascade)',
};

export interface MergeInput {
  duplicateCustomerId: string;
  reason: string;
}

/** What the merge moved from the duplicate to the kept record. */
export interface MergeMoved {
  orders: number;
  carts: number;
  purchaseUsageLines: number;
  complianceEvents: number;
  idVerifications: number;
  queueEntries: number;
  promotionRedemptions: number;
  promotionUsage: number;
  caregiverLinks: number;
  caregiverLinksRevoked: number;
  loyaltyEntries: number;
  loyaltyPoints: number;
  storeCreditCents: number;
  medicalRecord: boolean;
  shopperAccount: boolean;
}

export interface MergeResult {
  customer: CustomerView;
  duplicate: { id: string; mergedIntoId: string; mergedAt: string };
  moved: MergeMoved;
}

const MERGE_COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'birth_date',
  'email',
  'phone',
  'kind',
  'merged_into_id',
  'groups',
  'id_jurisdiction',
  'id_number_masked',
  'id_number_hash',
  'id_verified_at',
  'id_expires_on',
  'consent_data_retention',
  'anonymized_at',
] as const;

const KEPT_PATH = ['params', 'id'] as const;
const DUPLICATE_PATH = ['body', 'duplicateCustomerId'] as const;

type Row = {
  id: string;
  first_name: string;
  last_name: string;
  birth_date: Date | string;
  email: string | null;
  phone: string | null;
  kind: string;
  merged_into_id: string | null;
  groups: string[];
  id_jurisdiction: string | null;
  id_number_masked: string | null;
  id_number_hash: string | null;
  id_verified_at: Date | string | null;
  id_expires_on: Date | string | null;
  consent_data_retention: boolean;
  anonymized_at: Date | string | null;
};

/**
 * The ID on file of the record kept. A customer's ID fields are those of their latest accepted ID
 * check (recordIdVerification); the checks move with the merge, so when the duplicate's is the
 * later one it becomes the kept record's. Otherwise the person could no longer be found by their
 * ID number: the duplicate leaves the search and the kept record has no hash. A masked number the
 * duplicate kept under its own data-retention consent is not carried to a record without it.
 */
function idOnFile(kept: Row, duplicate: Row) {
  if (duplicate.id_verified_at === null) return {};
  if (kept.id_verified_at !== null && new Date(kept.id_verified_at) >= new Date(duplicate.id_verified_at)) return {};
  return {
    id_jurisdiction: duplicate.id_jurisdiction,
    id_number_masked: duplicate.consent_data_retention && !kept.consent_data_retention ? null : duplicate.id_number_masked,
    id_number_hash: duplicate.id_number_hash,
    id_verified_at: new Date(duplicate.id_verified_at),
    id_expires_on: duplicate.id_expires_on === null ? null : dateText(duplicate.id_expires_on),
  };
}

/** `n` of a `with u as (… returning 1) select count(*)` statement. */
async function count(uow: UnitOfWork, statement: ReturnType<typeof sql>): Promise<number> {
  const result = await sql<{ n: number }>`with u as (${statement}) select count(*)::int as n from u`.execute(uow.trx);
  return Number(result.rows[0]?.n ?? 0);
}

const profile = (row: Row) => ({
  id: row.id,
  firstName: row.first_name,
  lastName: row.last_name,
  birthDate: dateText(row.birth_date),
  email: row.email,
  phone: row.phone,
  kind: row.kind,
  groups: row.groups,
});

/**
 * Folds `input.duplicateCustomerId` into `keptId`. Refusals change nothing: 400
 * MERGE_SAME_CUSTOMER, 404 for either record unknown (another organization's too), 409
 * CUSTOMER_MERGED when either is merged already, 409 MERGE_SHOPPER_ACCOUNTS when both have an
 * online-store sign-in, 409 MERGE_MEDICAL_RECORDS when both are registered patients, 409
 * MERGE_CAREGIVER_LINK when one is the other's caregiver, 409 MERGE_TOO_MANY_GROUPS when their
 * promotion groups together are more than a customer may have, 409 MERGE_BUSY when a cart of the
 * duplicate is being completed at the very moment (retry).
 */
export async function mergeCustomers(uow: UnitOfWork, organizationId: string, keptId: string, input: MergeInput, secrets: CustomerSecrets): Promise<MergeResult> {
  const duplicateId = input.duplicateCustomerId;
  if (duplicateId === keptId) {
    throw new AppError(400, 'MERGE_SAME_CUSTOMER', 'A customer record cannot be merged into itself.', [{ path: [...DUPLICATE_PATH], message: 'the same record as the one kept' }]);
  }
  const known = new Set(
    (await uow.trx.selectFrom('customer').select('id').where('organization_id', '=', organizationId).where('id', 'in', [keptId, duplicateId]).execute()).map((r) => r.id),
  );
  for (const [id, path] of [[keptId, KEPT_PATH], [duplicateId, DUPLICATE_PATH]] as const) {
    if (!known.has(id)) throw new AppError(404, 'NOT_FOUND', 'Customer not found.', { entity: 'Customer', id, path: [...path] });
  }

  // Lock order, so that nothing waits in a circle with a sale:
  //  1. the duplicate's open carts (its own and those it buys for a patient): a cart completion
  //     claims its cart row and then takes the customer's limit lock, so in-flight completions
  //     finish (or have not begun) before we hold that lock;
  //  2. both customers' limit locks, in id order (two merges never deadlock), as checkout takes
  //     it: a register sale or cart of either customer now waits for this merge, then re-checks
  //     on the merged history (the kept record) or is refused (the duplicate: CUSTOMER_MERGED);
  //  3. both customer rows, in id order (ID checks, card changes, new carts and check-ins wait);
  //  4. the rows moved.
  // The duplicate's orders are locked right after its carts, without waiting (SKIP LOCKED): a
  // cancellation, return or void locks its order and then the customer's limit lock, the reverse
  // of a merge's order, so one of them in flight makes the merge 409 MERGE_BUSY (try again)
  // rather than a deadlock; one coming later waits for the merge and finds the order moved.
  await sql`select id from sales_cart where organization_id = ${organizationId} and (customer_id = ${duplicateId} or caregiver_id = ${duplicateId}) and status = 'open'
             order by id for update`.execute(uow.trx);
  const orders = (
    await sql<{ total: number; locked: number }>`
      with mine as (select id from sales_order where organization_id = ${organizationId} and customer_id = ${duplicateId} order by id for update skip locked)
      select (select count(*) from sales_order where organization_id = ${organizationId} and customer_id = ${duplicateId})::int as total,
             (select count(*) from mine)::int as locked`.execute(uow.trx)
  ).rows[0];
  if (orders.locked < orders.total) {
    throw conflict('MERGE_BUSY', 'An order of the duplicate record is being changed right now (a return, a void or a cancellation); try the merge again.', { path: [...DUPLICATE_PATH] });
  }
  for (const id of [keptId, duplicateId].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${customerLimitsLockKey(id)}, 0))`.execute(uow.trx);
  }
  const rows = (await uow.trx
    .selectFrom('customer')
    .select(MERGE_COLUMNS)
    .where('organization_id', '=', organizationId)
    .where('id', 'in', [keptId, duplicateId])
    .orderBy('id')
    .forUpdate()
    .execute()) as Row[];
  const kept = rows.find((r) => r.id === keptId)!;
  const duplicate = rows.find((r) => r.id === duplicateId)!;
  if (kept.merged_into_id) throw customerMerged(keptId, kept.merged_into_id, KEPT_PATH);
  if (duplicate.merged_into_id) throw customerMerged(duplicateId, duplicate.merged_into_id, DUPLICATE_PATH);
  // An erased record takes nothing new, and folding it into another would join erased history to a person.
  if (kept.anonymized_at) throw customerAnonymized(keptId, KEPT_PATH);
  if (duplicate.anonymized_at) throw customerAnonymized(duplicateId, DUPLICATE_PATH);

  // Rows of which a customer has one: decided before anything moves.
  const held = (
    await sql<{
      kept_account: boolean;
      duplicate_account: boolean;
      kept_medical: boolean;
      duplicate_medical: boolean;
      link_between: string | null;
      kept_usage_lines: number;
      duplicate_usage_lines: number;
    }>`
      select exists (select 1 from shopper_account where customer_id = ${keptId}) as kept_account,
             exists (select 1 from shopper_account where customer_id = ${duplicateId}) as duplicate_account,
             exists (select 1 from medical_patient where customer_id = ${keptId}) as kept_medical,
             exists (select 1 from medical_patient where customer_id = ${duplicateId}) as duplicate_medical,
             (select id from caregiver_link
               where organization_id = ${organizationId} and revoked_at is null
                 and ((caregiver_customer_id = ${keptId} and patient_customer_id = ${duplicateId})
                   or (caregiver_customer_id = ${duplicateId} and patient_customer_id = ${keptId}))
               limit 1) as link_between,
             (select count(*)::int from purchase_usage_line where organization_id = ${organizationId} and customer_id = ${keptId}) as kept_usage_lines,
             (select count(*)::int from purchase_usage_line where organization_id = ${organizationId} and customer_id = ${duplicateId}) as duplicate_usage_lines`.execute(uow.trx)
  ).rows[0];
  if (held.kept_account && held.duplicate_account) {
    throw conflict('MERGE_SHOPPER_ACCOUNTS', 'Both records have an online-store sign-in; a person keeps one. Ask the customer which e-mail to keep.', {
      path: [...DUPLICATE_PATH],
    });
  }
  if (held.kept_medical && held.duplicate_medical) {
    throw conflict('MERGE_MEDICAL_RECORDS', 'Both records hold a medical card; check which card is current and merge into that record once the other is corrected.', {
      path: [...DUPLICATE_PATH],
    });
  }
  // One person's promotion groups are both records' groups; more than a record may hold is for
  // staff to trim, not for the merge to choose.
  const groups = [...new Set([...kept.groups, ...duplicate.groups])].sort();
  if (groups.length > MAX_CUSTOMER_GROUPS) {
    throw conflict('MERGE_TOO_MANY_GROUPS', `Together the records are in ${groups.length} promotion groups, more than the ${MAX_CUSTOMER_GROUPS} a customer may have; remove some from either record first.`, {
      groups,
      path: [...DUPLICATE_PATH],
    });
  }
  if (held.link_between) {
    throw conflict('MERGE_CAREGIVER_LINK', 'One record is the other’s caregiver; a person cannot be their own caregiver. End that link first.', {
      linkId: held.link_between,
      path: [...DUPLICATE_PATH],
    });
  }

  const moved: MergeMoved = {
    orders: 0,
    carts: 0,
    purchaseUsageLines: 0,
    complianceEvents: 0,
    idVerifications: 0,
    queueEntries: 0,
    promotionRedemptions: 0,
    promotionUsage: 0,
    caregiverLinks: 0,
    caregiverLinksRevoked: 0,
    loyaltyEntries: 0,
    loyaltyPoints: 0,
    storeCreditCents: 0,
    medicalRecord: held.duplicate_medical,
    shopperAccount: held.duplicate_account,
  };
  const org = organizationId;
  const k = keptId;
  const d = duplicateId;

  // Orders: the column and the snapshot's id; where the duplicate bought as someone's caregiver,
  // the snapshot's caregiverId (found through the duplicate's links, so no scan of every order).
  moved.orders = await count(
    uow,
    sql`update sales_order set customer_id = ${k}, customer = jsonb_set(customer, '{id}', to_jsonb(${k}::text))
         where organization_id = ${org} and customer_id = ${d} returning 1`,
  );
  await sql`update sales_order set customer = jsonb_set(customer, '{caregiverId}', to_jsonb(${k}::text))
             where organization_id = ${org}
               and customer_id in (select patient_customer_id from caregiver_link where organization_id = ${org} and caregiver_customer_id = ${d})
               and customer->>'caregiverId' = ${d}::text`.execute(uow.trx);

  // Carts. One created and claimed for completion since step 1 would now be waiting for the
  // limit lock we hold: never wait for it in turn (a deadlock), answer 409 and let staff retry.
  try {
    await sql`select id from sales_cart where organization_id = ${org} and (customer_id = ${d} or caregiver_id = ${d}) order by id for update nowait`.execute(uow.trx);
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') {
      throw conflict('MERGE_BUSY', 'A cart of the duplicate record is being completed right now; try the merge again.', { path: [...DUPLICATE_PATH] });
    }
    throw error;
  }
  moved.carts = await count(uow, sql`update sales_cart set customer_id = ${k} where organization_id = ${org} and customer_id = ${d} returning 1`);
  await sql`update sales_cart set caregiver_id = case when customer_id = ${k} then null else ${k}::uuid end
             where organization_id = ${org} and caregiver_id = ${d}`.execute(uow.trx);

  moved.purchaseUsageLines = await count(uow, sql`update purchase_usage_line set customer_id = ${k} where organization_id = ${org} and customer_id = ${d} returning 1`);
  moved.complianceEvents = await count(uow, sql`update compliance_event set customer_id = ${k} where organization_id = ${org} and customer_id = ${d} returning 1`);
  moved.idVerifications = await count(uow, sql`update customer_id_verification set customer_id = ${k} where organization_id = ${org} and customer_id = ${d} returning 1`);
  if (duplicate.consent_data_retention && !kept.consent_data_retention) {
    // A masked number kept only with the duplicate's data-retention consent (US-MA) does not
    // move to a record without it (as withdrawing consent drops it); the keyed hash moves.
    await sql`update customer_id_verification set id_number_masked = null
               where organization_id = ${org} and customer_id = ${k} and id_number_masked is not null
                 and privacy_rule = any(${CONSENT_PRIVACY_RULES}::text[])`.execute(uow.trx);
  }
  // One open check-in per person at a store (migration 0127): where both records are waiting or
  // being served at the same store, the duplicate's entry is closed as left (it moves all the same).
  await sql`update register_queue_entry d set status = 'left', finished_at = clock_timestamp()
             where d.organization_id = ${org} and d.customer_id = ${d} and d.status in ('waiting', 'serving')
               and exists (select 1 from register_queue_entry x where x.store_id = d.store_id and x.customer_id = ${k} and x.status in ('waiting', 'serving'))`.execute(uow.trx);
  moved.queueEntries = await count(uow, sql`update register_queue_entry set customer_id = ${k} where organization_id = ${org} and customer_id = ${d} returning 1`);

  // Promotions: redemptions first (a release locks the redemption, then the usage counter).
  moved.promotionRedemptions = await count(uow, sql`update promotion_redemption set customer_id = ${k} where organization_id = ${org} and customer_id = ${d} returning 1`);
  moved.promotionUsage = await count(
    uow,
    sql`insert into promotion_customer_usage (promotion_id, customer_id, uses)
        select promotion_id, ${k}::uuid, uses from promotion_customer_usage where customer_id = ${d}
        on conflict (promotion_id, customer_id) do update set uses = promotion_customer_usage.uses + excluded.uses
        returning 1`,
  );
  await sql`delete from promotion_customer_usage where customer_id = ${d}`.execute(uow.trx);

  Object.assign(moved, await mergeLoyalty(uow, org, k, d));
  moved.storeCreditCents = await mergeStoreCredit(uow, org, k, d);

  // Caregiver links: a link the kept record already has (same other person, same role) is not
  // doubled, the duplicate's is revoked; the rest move. Revoked links between the two stay as
  // they were (history: re-pointed they would link the person to themselves).
  moved.caregiverLinksRevoked = await count(
    uow,
    sql`update caregiver_link d set revoked_at = now()
         where d.organization_id = ${org} and d.revoked_at is null
           and ((d.caregiver_customer_id = ${d} and exists (select 1 from caregiver_link x where x.revoked_at is null and x.caregiver_customer_id = ${k} and x.patient_customer_id = d.patient_customer_id))
             or (d.patient_customer_id = ${d} and exists (select 1 from caregiver_link x where x.revoked_at is null and x.patient_customer_id = ${k} and x.caregiver_customer_id = d.caregiver_customer_id)))
        returning 1`,
  );
  moved.caregiverLinks =
    (await count(uow, sql`update caregiver_link set caregiver_customer_id = ${k} where organization_id = ${org} and caregiver_customer_id = ${d} and patient_customer_id <> ${k} returning 1`)) +
    (await count(uow, sql`update caregiver_link set patient_customer_id = ${k} where organization_id = ${org} and patient_customer_id = ${d} and caregiver_customer_id <> ${k} returning 1`));

  // The medical card: its ciphertext is bound to its row's customer, so it is sealed again.
  if (held.duplicate_medical) {
    const card = await uow.trx.selectFrom('medical_patient').select('card_number_encrypted').where('customer_id', '=', d).executeTakeFirstOrThrow();
    const resealed = secrets.encrypt(secrets.decrypt(card.card_number_encrypted, cardAad(d)), cardAad(k));
    await uow.trx.updateTable('medical_patient').set({ customer_id: k, card_number_encrypted: resealed, updated_at: new Date() }).where('customer_id', '=', d).execute();
  }
  if (held.duplicate_account) {
    await uow.trx.updateTable('shopper_account').set({ customer_id: k, updated_at: new Date() }).where('customer_id', '=', d).execute();
  }

  // The records: the duplicate is marked (records merged into it follow it); the kept record
  // keeps its profile, taking the duplicate's e-mail and phone only where it has none, its ID on
  // file where that is the later check, and its promotion groups as well, and becomes a patient
  // with the card it received.
  const now = new Date();
  await uow.trx.updateTable('customer').set({ merged_into_id: k, updated_at: now }).where('organization_id', '=', org).where('merged_into_id', '=', d).execute();
  await uow.trx.updateTable('customer').set({ merged_into_id: k, merged_at: now, updated_at: now }).where('id', '=', d).execute();
  const keptAfter = (await uow.trx
    .updateTable('customer')
    .set({
      email: kept.email ?? duplicate.email,
      phone: kept.phone ?? duplicate.phone,
      groups,
      ...idOnFile(kept, duplicate),
      ...(held.duplicate_medical && { kind: 'medical' }),
      updated_at: now,
    })
    .where('id', '=', k)
    .returning(MERGE_COLUMNS)
    .executeTakeFirstOrThrow()) as Row;

  const history = { keptPurchaseUsageLines: held.kept_usage_lines, duplicatePurchaseUsageLines: held.duplicate_usage_lines };
  await uow.auditMany([
    {
      action: 'customer.merged',
      entityType: 'customer',
      entityId: k,
      before: { customer: profile(kept), duplicate: profile(duplicate), history },
      after: { customer: profile(keptAfter), duplicateCustomerId: d, moved },
      reason: input.reason,
    },
    {
      action: 'customer.merged_into',
      entityType: 'customer',
      entityId: d,
      before: { customer: profile(duplicate) },
      after: { mergedIntoId: k },
      reason: input.reason,
    },
  ]);
  await uow.emit({
    type: 'customers.customer.merged',
    aggregateType: 'customer',
    aggregateId: k,
    payload: { customerId: k, duplicateCustomerId: d, moved },
  });
  return { customer: await getCustomer(uow.trx, org, k), duplicate: { id: d, mergedIntoId: k, mergedAt: now.toISOString() }, moved };
}

/**
 * Points. Accounts are locked first, then the duplicate's entries move (a manual adjustment holds
 * its account while it writes its entry, so it has committed, entry and all, when we get the
 * lock). With no account of its own the kept record takes the duplicate's account whole: its
 * ledger and balance travel together. With both, the duplicate's balance is closed by an adjust
 * entry and added to the kept account by another, so each account's balance stays the sum of its
 * entries; lifetime points (the tier's basis) move with them (with no points to spend, lifetime
 * points alone move without an entry: an entry of 0 points is not one). The balance is never set
 * by hand.
 */
async function mergeLoyalty(uow: UnitOfWork, org: string, k: string, d: string): Promise<{ loyaltyEntries: number; loyaltyPoints: number }> {
  const accounts = (
    await sql<{ customer_id: string; balance_points: number; lifetime_points: number }>`
      select customer_id, balance_points, lifetime_points from loyalty_account
       where organization_id = ${org} and customer_id in (${k}, ${d}) order by customer_id for update`.execute(uow.trx)
  ).rows;
  const keptAccount = accounts.find((a) => a.customer_id === k);
  const duplicateAccount = accounts.find((a) => a.customer_id === d);
  const loyaltyEntries = await count(uow, sql`update loyalty_entry set customer_id = ${k} where organization_id = ${org} and customer_id = ${d} returning 1`);
  if (!duplicateAccount) return { loyaltyEntries, loyaltyPoints: 0 };
  const points = Number(duplicateAccount.balance_points);
  const lifetime = Number(duplicateAccount.lifetime_points);
  if (!keptAccount) {
    await sql`update loyalty_account set customer_id = ${k}, updated_at = now() where organization_id = ${org} and customer_id = ${d}`.execute(uow.trx);
    return { loyaltyEntries, loyaltyPoints: points };
  }
  const reason = (what: string) => `customer records merged: ${what} (record ${d})`;
  // Ids are UUIDv7 like every entry's: the history lists a ledger in id order.
  const entry = (delta: number, after: { balance_points: number; lifetime_points: number }, why: string) =>
    sql`insert into loyalty_entry (id, organization_id, customer_id, kind, points, balance_after, lifetime_after, reason, actor_type, actor_id)
        values (${uuidv7()}, ${org}, ${k}, 'adjust', ${delta}, ${after.balance_points}, ${after.lifetime_points}, ${why}, ${uow.actor.type}, ${uow.actor.id})`.execute(uow.trx);
  const closed = (
    await sql<{ balance_points: number; lifetime_points: number }>`
      update loyalty_account set balance_points = 0, lifetime_points = 0, updated_at = now()
       where organization_id = ${org} and customer_id = ${d} returning balance_points, lifetime_points`.execute(uow.trx)
  ).rows[0];
  const opened = (
    await sql<{ balance_points: number; lifetime_points: number }>`
      update loyalty_account set balance_points = balance_points + ${points}, lifetime_points = lifetime_points + ${lifetime}, updated_at = now()
       where organization_id = ${org} and customer_id = ${k} returning balance_points, lifetime_points`.execute(uow.trx)
  ).rows[0];
  if (points > 0) {
    // The closing entry was the duplicate's; like the rest of its ledger it now sits with the kept record.
    await entry(-points, closed, reason('balance of the duplicate closed'));
    await entry(points, opened, reason('balance of the duplicate added'));
    await uow.emit({
      type: 'loyalty.points.changed',
      aggregateType: 'loyalty_account',
      aggregateId: k,
      payload: { customerId: k, kind: 'adjust', points, balancePoints: opened.balance_points, orderId: null },
    });
  }
  await sql`delete from loyalty_account where organization_id = ${org} and customer_id = ${d}`.execute(uow.trx);
  return { loyaltyEntries: loyaltyEntries + (points > 0 ? 2 : 0), loyaltyPoints: points };
}

/**
 * Store credit. With none of its own the kept record takes the duplicate's account (balance and
 * ledger). With both, the balance moves by two adjust entries (reference customer-merge:<id>);
 * the duplicate's emptied account stays, as payments name it, and a refund or void to it later
 * goes to the kept record's credit (payments' stored-value provider follows the merge).
 */
async function mergeStoreCredit(uow: UnitOfWork, org: string, k: string, d: string): Promise<number> {
  const accounts = (
    await sql<{ id: string; customer_id: string; balance_cents: string | number }>`
      select id, customer_id, balance_cents from stored_value_account
       where organization_id = ${org} and kind = 'store_credit' and customer_id in (${k}, ${d}) order by id for update`.execute(uow.trx)
  ).rows;
  const keptAccount = accounts.find((a) => a.customer_id === k);
  const duplicateAccount = accounts.find((a) => a.customer_id === d);
  if (!duplicateAccount) return 0;
  const cents = Number(duplicateAccount.balance_cents);
  if (!keptAccount) {
    await sql`update stored_value_account set customer_id = ${k} where id = ${duplicateAccount.id}`.execute(uow.trx);
    return cents;
  }
  if (cents > 0) {
    const reference = `customer-merge:${d}`;
    await sql`update stored_value_account set balance_cents = balance_cents - ${cents} where id = ${duplicateAccount.id}`.execute(uow.trx);
    await sql`update stored_value_account set balance_cents = balance_cents + ${cents} where id = ${keptAccount.id}`.execute(uow.trx);
    await sql`insert into stored_value_entry (account_id, amount_cents, reason, reference)
              values (${duplicateAccount.id}, ${-cents}, 'adjust', ${reference}), (${keptAccount.id}, ${cents}, 'adjust', ${reference})`.execute(uow.trx);
  }
  return cents;
}
