// Shared set-up for the orders/checkout suites: a store, a SKU whose only sellable stock is a
// package we create (the demo packages of that SKU are put on hold), and customers.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../src/platform/unit-of-work';

export interface CheckoutFixture {
  storeId: string;
  skuId: string;
  skuCode: string;
  priceCents: number;
  packageLabel: string;
  packageId: string;
  locationId: string;
}

export function newLabel(prefix = 'TST'): string {
  return `${prefix}${randomBytes(8).toString('hex').toUpperCase()}`.slice(0, 24);
}

/** A SKU of the Oakland store with exactly `quantity` sellable units, in one fresh package. */
export async function stockedSku(db: Db, organizationId: string, options: { code?: string; quantity: number; storeName?: string }): Promise<CheckoutFixture> {
  const store = await db.selectFrom('store').select('id').where('organization_id', '=', organizationId).where('name', 'like', `%${options.storeName ?? 'Oakland'}%`).executeTakeFirstOrThrow();
  const code = options.code ?? 'HH-BD-35';
  const sku = await db.selectFrom('sku').select(['id', 'code']).where('organization_id', '=', organizationId).where('code', '=', code).executeTakeFirstOrThrow();
  const price = await db.selectFrom('sku_price').select('price_cents').where('sku_id', '=', sku.id).where('store_id', '=', store.id).executeTakeFirstOrThrow();
  await sql`update inventory_package set status = 'on_hold', status_reason = 'test isolation'
             where organization_id = ${organizationId} and sku_id = ${sku.id} and label not like 'TST%'`.execute(db);
  const location = await db.selectFrom('inventory_location').select('id').where('store_id', '=', store.id).where('code', '=', 'sales_floor').executeTakeFirstOrThrow();
  const batch = await db.selectFrom('inventory_batch').select('id').where('organization_id', '=', organizationId).where('lab_status', '=', 'passed').executeTakeFirst();
  const packageId = uuidv7();
  const label = newLabel();
  await db
    .insertInto('inventory_package')
    .values({ id: packageId, organization_id: organizationId, label, sku_id: sku.id, batch_id: batch?.id ?? null, unit: 'each', lab_status: 'passed' } as never)
    .execute();
  await sql`
    with s as (
      insert into inventory_stock (package_id, location_id, store_id, organization_id, sku_id, on_hand, reserved)
      values (${packageId}, ${location.id}, ${store.id}, ${organizationId}, ${sku.id}, ${options.quantity}, 0) returning *)
    insert into inventory_movement (organization_id, store_id, package_id, location_id, sku_id, kind, on_hand_delta, reserved_delta, reason_code, actor_type, actor_id)
    select organization_id, store_id, package_id, location_id, sku_id, 'receive', on_hand, 0, 'test_receive', 'system', 'test' from s`.execute(db);
  return { storeId: store.id, skuId: sku.id, skuCode: sku.code, priceCents: Number(price.price_cents), packageLabel: label, packageId, locationId: location.id };
}

/** Adult-use customers over 21 (ids returned), with an ID verification each. */
export async function customers(db: Db, organizationId: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => uuidv7());
  if (count === 0) return ids;
  await sql`
    insert into customer (id, organization_id, first_name, last_name, birth_date, kind, id_jurisdiction)
    select id, ${organizationId}::uuid, 'Test', 'Buyer' || n, date '1985-06-15', 'adult_use', 'US-CA'
      from unnest(${ids}::uuid[]) with ordinality as t(id, n)`.execute(db);
  await sql`
    insert into customer_id_verification (id, organization_id, customer_id, document_type, issuing_jurisdiction, expires_on, method, privacy_rule, verified_by_type)
    select gen_random_uuid(), ${organizationId}::uuid, id, 'driver_license', 'US-CA', date '2035-01-01', 'manual', 'default', 'system'
      from unnest(${ids}::uuid[]) as t(id)`.execute(db);
  return ids;
}

/** Ledger and counters agree for every stock row of the package (on hand and reserved). */
export async function ledgerMatches(db: Db, packageId: string): Promise<{ onHand: number; reserved: number; ledgerOnHand: number; ledgerReserved: number }> {
  const row = await sql<{ on_hand: number; reserved: number; l_on: number; l_res: number }>`
    select s.on_hand, s.reserved,
           (select coalesce(sum(on_hand_delta), 0) from inventory_movement m where m.package_id = s.package_id and m.location_id = s.location_id)::bigint as l_on,
           (select coalesce(sum(reserved_delta), 0) from inventory_movement m where m.package_id = s.package_id and m.location_id = s.location_id)::bigint as l_res
      from inventory_stock s where s.package_id = ${packageId}`.execute(db);
  const r = row.rows[0];
  return { onHand: Number(r.on_hand), reserved: Number(r.reserved), ledgerOnHand: Number(r.l_on), ledgerReserved: Number(r.l_res) };
}
