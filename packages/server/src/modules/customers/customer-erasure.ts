// Erasing a customer's personal data at their request (docs/customers-and-compliance.md, "Erasing a
// customer's personal data"). The record itself stays: orders, purchase-limit usage, compliance
// events, ID checks, points, store credit and audit rows name it, and the law wants those facts
// kept for the retention period. What identifies the person goes: names, contact, ID numbers
// (masked and hashed), the birth day (the year stays), the online sign-in, pickup contacts and
// delivery phone numbers, the queue's notes. The medical card on file stays (sealed, revealed only
// with customers:reveal): the state reports of the patient's sales name it, and a patient's tax
// exemption record must keep the patient’s ID and card dates (Washington, 5 years: regulations.md §4, ref L110);
// the practitioner's name, licence and notes go.
//
// Like a merge, this writes other modules' tables directly, by id, in one transaction with the
// customer locked (its open carts first, then its limit lock, then its row: the order checkout and
// the merge take them in).
import { sql } from 'kysely';
import { AppError, conflict } from '../../platform/errors';
import type { UnitOfWork } from '../../platform/unit-of-work';
import { customerLimitsLockKey, customerMerged, getCustomer, type CustomerView } from './customers.service';

/** What stands in for the erased names. */
export const ERASED_FIRST_NAME = 'Erased';
export const ERASED_LAST_NAME = 'Customer';

/** Orders not yet finished: the customer is still being served (or delivered to). */
const OPEN_ORDER_STATUSES = ['placed', 'accepted', 'packed', 'ready', 'out_for_delivery'];

export interface AnonymizeResult {
  customer: CustomerView;
  /** False when the record had been erased already: nothing was done again. */
  anonymized: boolean;
  erased: { idVerifications: number; queueEntries: number; orders: number; carts: number; caregiverLinksEnded: number; onlineSignIn: boolean };
}

// A pickup contact is a name and a phone; a delivery keeps where it went (the state's delivery
// record) but not the phone or the instructions. Both shapes: nested ({ pickup: {…} }) and flat.
const ERASED_FULFILLMENT_PATHS = ['{name}', '{phone}', '{instructions}', '{pickup,name}', '{pickup,phone}', '{delivery,phone}', '{delivery,instructions}'];
// A cart that did not become an order (abandoned) is no record of a sale: its address goes too.
const ERASED_CART_PATHS = [...ERASED_FULFILLMENT_PATHS, '{delivery,name}', '{delivery,address,line1}', '{delivery,address,line2}', '{address,line1}', '{address,line2}'];

const without = (paths: string[]) => sql.raw(paths.map((p) => ` #- '${p}'`).join(''));

/**
 * Erases the customer's personal data. Idempotent: an erased record answers as it is (anonymized:
 * false). Refusals change nothing: 404 for an unknown record, 409 CUSTOMER_MERGED (erase the record
 * kept), 409 CUSTOMER_HAS_OPEN_ORDERS while a cart is open or an order is not finished (serve,
 * cancel or abandon it first).
 */
export async function anonymizeCustomer(uow: UnitOfWork, organizationId: string, customerId: string, reason: string): Promise<AnonymizeResult> {
  const none = { idVerifications: 0, queueEntries: 0, orders: 0, carts: 0, caregiverLinksEnded: 0, onlineSignIn: false };
  const exists = await uow.trx.selectFrom('customer').select('id').where('id', '=', customerId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!exists) throw new AppError(404, 'NOT_FOUND', 'Customer not found.', { entity: 'Customer', id: customerId, path: ['params', 'id'] });
  // Open carts first (a completion holds its cart, then takes the limit lock), then the limit
  // lock (sales of the customer wait, then find the record erased), then the row.
  await sql`select id from sales_cart where organization_id = ${organizationId} and (customer_id = ${customerId} or caregiver_id = ${customerId}) and status = 'open'
             order by id for update`.execute(uow.trx);
  await sql`select pg_advisory_xact_lock(hashtextextended(${customerLimitsLockKey(customerId)}, 0))`.execute(uow.trx);
  const row = await uow.trx
    .selectFrom('customer')
    .select(['id', 'kind', 'birth_date', 'merged_into_id', 'anonymized_at'])
    .where('id', '=', customerId)
    .where('organization_id', '=', organizationId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (row.merged_into_id) throw customerMerged(customerId, row.merged_into_id, ['params', 'id']);
  if (row.anonymized_at) return { customer: await getCustomer(uow.trx, organizationId, customerId), anonymized: false, erased: none };

  const open = (
    await sql<{ carts: number; orders: number }>`
      select (select count(*)::int from sales_cart where organization_id = ${organizationId} and (customer_id = ${customerId} or caregiver_id = ${customerId}) and status = 'open') as carts,
             (select count(*)::int from sales_order where organization_id = ${organizationId} and customer_id = ${customerId} and status = any(${OPEN_ORDER_STATUSES}::text[])) as orders`.execute(uow.trx)
  ).rows[0];
  if (open.carts > 0 || open.orders > 0) {
    throw conflict(
      'CUSTOMER_HAS_OPEN_ORDERS',
      `The customer has ${open.orders} order(s) not finished and ${open.carts} open cart(s): complete, cancel or abandon them before erasing the record.`,
      { openOrders: open.orders, openCarts: open.carts, path: ['params', 'id'] },
    );
  }

  const count = async (statement: ReturnType<typeof sql>) => Number((await sql<{ n: number }>`with u as (${statement}) select count(*)::int as n from u`.execute(uow.trx)).rows[0]?.n ?? 0);
  const org = organizationId;
  const id = customerId;
  const now = new Date();
  const erased = { ...none };

  // The profile: the birth year stays (the sales were to an adult of that year), the day goes.
  await sql`update customer
               set first_name = ${ERASED_FIRST_NAME}, last_name = ${ERASED_LAST_NAME},
                   birth_date = make_date(extract(year from birth_date)::int, 1, 1),
                   email = null, phone = null, id_number_masked = null, id_number_hash = null,
                   consent_marketing = false, consent_data_retention = false, consent_updated_at = ${now},
                   groups = '{}', anonymized_at = ${now}, updated_at = ${now}
             where id = ${id} and organization_id = ${org}`.execute(uow.trx);
  // The ID checks stay as facts (a document of that kind and issuer, valid until then, was
  // checked by whom and when); the numbers go.
  erased.idVerifications = await count(
    sql`update customer_id_verification set id_number_masked = null, id_number_hash = null
         where organization_id = ${org} and customer_id = ${id} and (id_number_masked is not null or id_number_hash is not null) returning 1`,
  );
  await sql`update medical_patient set physician_name = null, physician_license = null, notes = null, updated_at = ${now}
             where organization_id = ${org} and customer_id = ${id}`.execute(uow.trx);
  // Links end (the record buys nothing new); they stay as history for the sales made through them.
  erased.caregiverLinksEnded = await count(
    sql`update caregiver_link set revoked_at = ${now}
         where organization_id = ${org} and revoked_at is null and (caregiver_customer_id = ${id} or patient_customer_id = ${id}) returning 1`,
  );
  // The queue: a name typed at check-in and notes go; one still waiting or being served has left.
  erased.queueEntries = await count(
    sql`update register_queue_entry
           set customer_name = null, note = null,
               status = case when status in ('waiting', 'serving') then 'left' else status end,
               finished_at = case when status in ('waiting', 'serving') then clock_timestamp() else finished_at end
         where organization_id = ${org} and customer_id = ${id} returning 1`,
  );
  erased.orders = await count(
    sql`update sales_order set fulfillment = fulfillment${without(ERASED_FULFILLMENT_PATHS)}
         where organization_id = ${org} and customer_id = ${id} and fulfillment is not null returning 1`,
  );
  erased.carts = await count(
    sql`update sales_cart set fulfillment = fulfillment${without(ERASED_CART_PATHS)}
         where organization_id = ${org} and customer_id = ${id} and fulfillment is not null returning 1`,
  );
  // The online sign-in (its e-mail and password) and what hangs on it.
  for (const table of ['shopper_session', 'shopper_password_reset', 'shopper_email_verification', 'shopper_mail']) {
    await sql`delete from ${sql.table(table)} where customer_id = ${id}`.execute(uow.trx);
  }
  erased.onlineSignIn = (await count(sql`delete from shopper_account where customer_id = ${id} and organization_id = ${org} returning 1`)) > 0;

  // The audit row names what was erased, never the erased values.
  await uow.audit({
    action: 'customer.anonymized',
    entityType: 'customer',
    entityId: id,
    before: { id, kind: row.kind },
    after: { id, anonymizedAt: now.toISOString(), erased },
    reason,
  });
  await uow.emit({ type: 'customers.customer.anonymized', aggregateType: 'customer', aggregateId: id, payload: { customerId: id } });
  return { customer: await getCustomer(uow.trx, organizationId, customerId), anonymized: true, erased };
}
