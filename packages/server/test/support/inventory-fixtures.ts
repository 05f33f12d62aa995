import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { expect } from 'vitest';
import { ensureStoreLocations } from '../../src/modules/inventory/inventory.ledger';
import type { Db } from '../../src/platform/unit-of-work';
import { openAroundTheClock } from './open-hours';
import type { TestServer } from './test-server';

// Inventory test helpers: stores, SKU ids (inventory keeps SKUs by id only, so tests need no
// catalog rows), manifests received into a location, and the ledger-equals-counters check.

let labelSerial = 0;
/** A unique, well-formed state tag (24 characters, Metrc style). */
export function newLabel(): string {
  labelSerial += 1;
  const random = randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase();
  return `1A40603${random}${String(labelSerial).padStart(11, '0')}`.slice(0, 24);
}

export async function demoStores(server: TestServer): Promise<{ oakland: string; denver: string; berkeley: string }> {
  const rows = await server.platform.database.db.selectFrom('store').select(['id', 'license_number']).where('organization_id', '=', server.organizationId).execute();
  return {
    oakland: rows.find((r) => r.license_number === 'C10-0000001-LIC')!.id,
    denver: rows.find((r) => r.license_number === '402R-00001')!.id,
    berkeley: rows.find((r) => r.license_number === BERKELEY_LICENSE)?.id ?? (await addBerkeley(server)),
  };
}

const BERKELEY_LICENSE = 'C10-0000002-LIC';

/**
 * A SKU on the store's online menu: a new active product with one SKU priced there. The public
 * availability read and stream answer only for such SKUs (a bare SKU id is off the menu).
 */
export async function menuSku(server: TestServer, cookie: string, storeId: string, code: string): Promise<string> {
  const response = await server.request({
    method: 'POST',
    url: '/v1/catalog/products',
    cookie,
    body: { title: `Menu Probe ${code}`, category: 'flower', status: 'active', skus: [{ code, sizeLabel: '1g', netWeightMg: 1000, prices: [{ storeId, priceCents: 1500 }] }] },
  });
  expect(response.statusCode, response.body).toBe(201);
  await server.platform.sequencer.wake(); // the menu follows the catalog's events
  return response.json().skus[0].id;
}

/**
 * A second California store of the demo organization, with the default locations: transfers
 * stay inside one state, so Oakland ships to Berkeley, not to Denver.
 */
async function addBerkeley(server: TestServer): Promise<string> {
  const id = randomUUID();
  const db = server.platform.database.db;
  await db
    .insertInto('store')
    .values({ id, organization_id: server.organizationId, name: 'Green Door Berkeley', license_number: BERKELEY_LICENSE, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' })
    .execute();
  await ensureStoreLocations(db as never, server.organizationId, id);
  await openAroundTheClock(server.platform, [id]);
  return id;
}

export async function staffId(server: TestServer, role: string): Promise<string> {
  const row = await server.platform.database.db.selectFrom('staff_user').select('id').where('email', '=', `${role}@demo.verdant.test`).executeTakeFirstOrThrow();
  return row.id;
}

export interface StockPackage {
  label: string;
  skuId: string;
  quantity: number;
  unit?: 'each' | 'mg';
  expiresOn?: string;
  batchCode?: string;
  producerLicense?: string;
  locationCode?: string;
}

/** Receives packages through the HTTP API (manifest + receipt), like a store would. */
export async function receivePackages(server: TestServer, cookie: string, storeId: string, packages: StockPackage[]) {
  const number = `M-${randomUUID().slice(0, 8)}`;
  const created = await server.request({
    method: 'POST',
    url: `/v1/stores/${storeId}/manifests`,
    cookie,
    body: {
      number,
      supplierName: 'Test Supplier',
      supplierLicense: 'C11-0000999-LIC',
      items: packages.map((p) => ({
        packageLabel: p.label,
        skuId: p.skuId,
        unit: p.unit ?? 'each',
        expectedQuantity: p.quantity,
        batch: { code: p.batchCode ?? `B-${p.label.slice(-8)}`, producerLicense: p.producerLicense ?? 'CCL20-0000123' },
        ...(p.expiresOn ? { expiresOn: p.expiresOn } : {}),
      })),
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const manifest = created.json();
  const received = await server.request({
    method: 'POST',
    url: `/v1/stores/${storeId}/manifests/${manifest.id}/receive`,
    cookie,
    body: { items: packages.map((p) => ({ packageLabel: p.label, countedQuantity: p.quantity, decision: 'accept', locationCode: p.locationCode ?? 'sales_floor' })) },
  });
  expect(received.statusCode, received.body).toBe(200);
  return received.json();
}

/** Every counter equals the sum of its ledger rows, and reserved equals the held reservation lines. */
export async function expectLedgerBalanced(db: Db) {
  const drift = await sql<{ package_id: string }>`
    with ledger as (
      select package_id, location_id, sum(on_hand_delta)::bigint as on_hand, sum(reserved_delta)::bigint as reserved
        from inventory_movement group by 1, 2
    ), held as (
      select rl.package_id, rl.location_id, sum(rl.quantity)::bigint as reserved
        from inventory_reservation_line rl join inventory_reservation r on r.id = rl.reservation_id
       where r.status = 'held' group by 1, 2
    )
    select s.package_id from inventory_stock s
      full join ledger l on l.package_id = s.package_id and l.location_id = s.location_id
      left join held h on h.package_id = s.package_id and h.location_id = s.location_id
     where coalesce(s.on_hand, 0) <> coalesce(l.on_hand, 0)
        or coalesce(s.reserved, 0) <> coalesce(l.reserved, 0)
        or coalesce(s.reserved, 0) <> coalesce(h.reserved, 0)`.execute(db);
  expect(drift.rows).toEqual([]);
}

export async function stockOf(db: Db, label: string) {
  return db
    .selectFrom('inventory_stock as s')
    .innerJoin('inventory_package as p', 'p.id', 's.package_id')
    .innerJoin('inventory_location as l', 'l.id', 's.location_id')
    .select(['l.code', 's.on_hand', 's.reserved'])
    .where('p.label', '=', label)
    .orderBy('l.code')
    .execute();
}

/**
 * A new catalog SKU (its own product, no stock anywhere), for what needs a SKU the catalog knows:
 * reorder points refuse SKUs it does not have.
 */
export async function catalogSku(server: TestServer, cookie: string, code = `T-${randomUUID().slice(0, 8).toUpperCase()}`): Promise<{ skuId: string; code: string; title: string }> {
  const title = `Test Flower ${code}`;
  const created = await server.request({
    method: 'POST',
    url: '/v1/catalog/products',
    cookie,
    body: { title, category: 'flower', skus: [{ code, sizeLabel: '3.5g', netWeightMg: 3500 }] },
  });
  expect(created.statusCode, created.body).toBe(201);
  return { skuId: created.json().skus[0].id, code, title };
}

/**
 * Sends a request that must change nothing (with a request id of its own), and checks that no
 * audit row names that request and no inventory event was written while it ran.
 */
export async function inventoryUnchangedBy(db: Db, send: (requestId: string) => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const last = async () => Number((await db.selectFrom('outbox_event').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0);
  const since = await last();
  const requestId = uuidv7();
  const response = await send(requestId);
  expect(await db.selectFrom('audit_log').select('action').where('request_id', '=', requestId).execute()).toEqual([]);
  expect(await db.selectFrom('outbox_event').select('type').where('id', '>', since).where('type', 'like', 'inventory.%').execute()).toEqual([]);
  return response;
}
