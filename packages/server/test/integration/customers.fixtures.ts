// Shared by the customers / compliance / rules-api integration tests.
import { sql } from 'kysely';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import type { TestServer } from '../support/test-server';
import { openAroundTheClock } from '../support/open-hours';

/** A fixed key so tests never touch the key file in DATA_DIR. */
export const TEST_CUSTOMER_DATA_KEY = 'a'.repeat(24) + '0123456789abcdef0123456789abcdef01234567';

export interface LicenceFields {
  idNumber: string;
  /** MMDDCCYY like the US layout. */
  birth: string;
  expires: string;
  iin?: string;
  region?: string;
  firstName?: string;
  lastName?: string;
}

/** Barcode text laid out as the AAMVA standard says (v10, one DL subfile), as a scanner sends it. */
export function aamvaBarcode(f: LicenceFields): string {
  const elements: Array<[string, string]> = [
    ['DCA', 'C'],
    ['DCB', 'NONE'],
    ['DCD', 'NONE'],
    ['DBA', f.expires],
    ['DCS', f.lastName ?? 'MORALES'],
    ['DAC', f.firstName ?? 'ANA'],
    ['DAD', 'NONE'],
    ['DBD', '01012021'],
    ['DBB', f.birth],
    ['DBC', '2'],
    ['DAY', 'BRO'],
    ['DAU', '064 IN'],
    ['DAG', '1200 ELM ST'],
    ['DAI', 'SACRAMENTO'],
    ['DAJ', f.region ?? 'CA'],
    ['DAK', '958140000'],
    ['DAQ', f.idNumber],
    ['DCF', 'DOC1234'],
    ['DCG', 'USA'],
  ];
  const body = `DL${elements.map(([id, v]) => `${id}${v}`).join('\n')}\r`;
  const prefix = `@\n\x1e\rANSI ${f.iin ?? '636014'}100001`;
  const offset = prefix.length + 10;
  return `${prefix}DL${String(offset).padStart(4, '0')}${String(body.length).padStart(4, '0')}${body}`;
}

/** MMDDCCYY for a date `years` ago from today (UTC), shifted by `days`. */
export function mmddccyyYearsAgo(years: number, days = 0): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + days);
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}${d.getUTCFullYear()}`;
}

/** Every row of every table in the database as text: for "this value is stored nowhere" checks. */
export async function wholeDatabaseText(server: TestServer): Promise<string> {
  const { db } = server.platform.database;
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<{ t: string }>`select t::text as t from ${sql.table(table_name)} t`.execute(db);
    for (const row of rows.rows) parts.push(row.t);
  }
  return parts.join('\n');
}

export async function storesByJurisdiction(server: TestServer, cookie: string): Promise<Record<string, { id: string; jurisdiction: string; timezone: string }>> {
  const response = await server.request({ method: 'GET', url: '/v1/stores', cookie });
  const out: Record<string, { id: string; jurisdiction: string; timezone: string }> = {};
  for (const s of response.json().stores) out[s.jurisdiction] ??= s;
  return out;
}

let licenceSeq = 0;
export async function createStore(server: TestServer, cookie: string, jurisdiction: string, timezone: string, name = `${jurisdiction} test store`) {
  licenceSeq += 1;
  const response = await server.request({
    method: 'POST',
    url: '/v1/stores',
    cookie,
    body: { name, licenseNumber: `T-${jurisdiction}-${process.pid}-${licenceSeq}-${Date.now()}`, jurisdiction, timezone },
  });
  if (response.statusCode !== 201) throw new Error(`store: ${response.body}`);
  const store = response.json() as { id: string; jurisdiction: string; timezone: string };
  await openAroundTheClock(server.platform, [store.id]);
  return store;
}

/** A product with its SKUs, each priced at `storeId` (15.00); answers the product as the API does. */
export async function createPricedProduct(server: TestServer, cookie: string, storeId: string, title: string, category: string, sku: Record<string, unknown>) {
  const response = await server.request({
    method: 'POST',
    url: '/v1/catalog/products',
    cookie,
    body: { title, category, skus: [{ ...sku, prices: [{ storeId, priceCents: 1500 }] }] },
  });
  if (response.statusCode !== 201) throw new Error(`product: ${response.statusCode} ${response.body}`);
  return response.json() as { slug: string; skus: Array<Record<string, unknown> & { id: string }> };
}

/**
 * A new store of the jurisdiction with the demo SKU HH-BD-35 priced (45.00) and `quantity` units
 * stocked on its sales floor (waits for the default locations the store-created event makes).
 */
export async function stockedStore(server: TestServer, cookie: string, options: { jurisdiction: string; timezone: string; name: string; quantity: number }): Promise<CheckoutFixture> {
  const db = server.platform.database.db;
  const store = await createStore(server, cookie, options.jurisdiction, options.timezone, options.name);
  for (let i = 0; i < 100; i++) {
    const floor = await db.selectFrom('inventory_location').select('id').where('store_id', '=', store.id).where('code', '=', 'sales_floor').executeTakeFirst();
    if (floor) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await sql`insert into sku_price (organization_id, store_id, sku_id, price_cents)
            select organization_id, ${store.id}, id, 4500 from sku where organization_id = ${server.organizationId} and code = 'HH-BD-35'`.execute(db);
  return stockedSku(db, server.organizationId, { quantity: options.quantity, storeName: options.name });
}

export async function createCustomer(server: TestServer, cookie: string, body: Record<string, unknown>) {
  const response = await server.request({ method: 'POST', url: '/v1/customers', cookie, body });
  if (response.statusCode !== 201) throw new Error(`customer: ${response.body}`);
  return response.json() as { id: string } & Record<string, unknown>;
}
