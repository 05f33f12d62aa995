// The locations a store cannot do without: the server reaches the vault, quarantine and in_transit by
// their codes (receiving and transfers default to the vault, shipping books into in_transit, opened
// returns go to quarantine), so they are listed `required` and retiring one is 409
// LOCATION_REQUIRED, even while empty; they may still be renamed. Stock on the road or held back is
// never for sale: an in-transit or quarantine location cannot be made (or created) sellable, 422
// LOCATION_KIND_NOT_SELLABLE, and a CHECK constraint refuses it below the API. Every refusal
// changes nothing: the location rows, the audit log and the outbox are as they were.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStores, newLabel, receivePackages } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('inventory: the locations a store needs', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let stores: { oakland: string; denver: string; berkeley: string };
  const db = () => server.platform.database.db;

  type Location = { id: string; code: string; name: string; kind: string; sellable: boolean; active: boolean; required: boolean };
  const locations = async (storeId: string): Promise<Location[]> => (await server.request({ method: 'GET', url: `/v1/stores/${storeId}/locations`, cookie: manager })).json().locations;
  const byCode = async (storeId: string, code: string) => (await locations(storeId)).find((l) => l.code === code)!;
  const patch = (storeId: string, id: string, body: unknown) => server.request({ method: 'PATCH', url: `/v1/stores/${storeId}/locations/${id}`, cookie: manager, body });

  /** The store's location rows, the audit log and the outbox, as a refusal must leave them. */
  async function world(storeId: string) {
    return {
      locations: await db().selectFrom('inventory_location').selectAll().where('store_id', '=', storeId).orderBy('code').execute(),
      audit: Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('entity_type', '=', 'inventory_location').executeTakeFirstOrThrow()).n),
      events: Number((await db().selectFrom('outbox_event').select((eb) => eb.fn.countAll().as('n')).where('type', 'like', 'inventory.%').executeTakeFirstOrThrow()).n),
    };
  }

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    manager = await server.login('manager');
    stores = await demoStores(server);
  });
  afterAll(() => server?.close());

  it('lists the vault, quarantine and in transit as required, and refuses to retire them, even empty', async () => {
    // Berkeley holds nothing: every location is empty, so only the rule can refuse.
    const listed = await locations(stores.berkeley);
    expect(listed.map((l) => [l.code, l.required])).toEqual([
      ['display', false],
      ['in_transit', true],
      ['quarantine', true],
      ['sales_floor', false],
      ['vault', true],
    ]);
    for (const code of ['vault', 'quarantine', 'in_transit']) {
      const location = listed.find((l) => l.code === code)!;
      const before = await world(stores.berkeley);
      const refused = await patch(stores.berkeley, location.id, { active: false });
      expect(refused.statusCode, code).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'LOCATION_REQUIRED', details: { path: ['body', 'active'], code } });
      // Together with a rename, the whole change is refused.
      const withRename = await patch(stores.berkeley, location.id, { name: 'Gone', active: false });
      expect(withRename.statusCode).toBe(409);
      expect(await world(stores.berkeley)).toEqual(before);
    }
    // Another location, as empty, is the store's to retire, and to bring back.
    const display = listed.find((l) => l.code === 'display')!;
    expect((await patch(stores.berkeley, display.id, { active: false })).json()).toMatchObject({ code: 'display', active: false, required: false });
    expect((await patch(stores.berkeley, display.id, { active: true })).json()).toMatchObject({ active: true });
  });

  it('a required location may be renamed, and shipping and receiving still find it by its code', async () => {
    const vault = await byCode(stores.berkeley, 'vault');
    const renamed = await patch(stores.berkeley, vault.id, { name: 'Safe room' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ code: 'vault', name: 'Safe room', active: true, required: true });
    const label = newLabel();
    await receivePackages(server, owner, stores.oakland, [{ label, skuId: uuidv7(), quantity: 2, locationCode: 'vault' }]);
    const shipped = await server.request({ method: 'POST', url: '/v1/inventory/transfers', cookie: manager, body: { fromStoreId: stores.oakland, toStoreId: stores.berkeley, items: [{ packageLabel: label, quantity: 2 }] } });
    expect(shipped.statusCode, shipped.body).toBe(201);
    const received = await server.request({ method: 'POST', url: `/v1/inventory/transfers/${shipped.json().id}/receive`, cookie: manager, body: {} });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json().items[0].toLocationCode).toBe('vault');
  });

  it('a location retired before this rule can be brought back', async () => {
    // As a store that retired its quarantine with an earlier version would have it.
    const quarantine = await byCode(stores.denver, 'quarantine');
    await db().updateTable('inventory_location').set({ active: false }).where('id', '=', quarantine.id).execute();
    const back = await patch(stores.denver, quarantine.id, { active: true });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ code: 'quarantine', active: true, required: true });
  });

  it('an in-transit or quarantine location is never sellable: not by a change, not when added, not below the API', async () => {
    for (const code of ['in_transit', 'quarantine']) {
      const location = await byCode(stores.oakland, code);
      const before = await world(stores.oakland);
      const refused = await patch(stores.oakland, location.id, { sellable: true });
      expect(refused.statusCode, code).toBe(422);
      expect(refused.json().error).toMatchObject({ code: 'LOCATION_KIND_NOT_SELLABLE', details: { path: ['body', 'sellable'], kind: code } });
      expect(await world(stores.oakland)).toEqual(before);
      // Saying it stays not sellable is no change of kind: allowed.
      expect((await patch(stores.oakland, location.id, { sellable: false })).statusCode).toBe(200);
    }
    for (const kind of ['in_transit', 'quarantine']) {
      const before = await world(stores.oakland);
      const added = await server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/locations`, cookie: manager, body: { code: `second_${kind}`, name: 'Second', kind, sellable: true } });
      expect(added.statusCode, kind).toBe(422);
      expect(added.json().error).toMatchObject({ code: 'LOCATION_KIND_NOT_SELLABLE', details: { path: ['body', 'sellable'] } });
      expect(await world(stores.oakland)).toEqual(before);
    }
    // Not sellable, a second in-transit location is fine (a second van); it is not required.
    const van = await server.request({ method: 'POST', url: `/v1/stores/${stores.oakland}/locations`, cookie: manager, body: { code: 'van_two', name: 'Van two', kind: 'in_transit' } });
    expect(van.statusCode, van.body).toBe(201);
    expect(van.json()).toMatchObject({ sellable: false, required: false });
    // The vault is the store's to sell from if it wants (small stores do): the rule is about kinds.
    const vault = await byCode(stores.oakland, 'vault');
    expect((await patch(stores.oakland, vault.id, { sellable: true })).json()).toMatchObject({ sellable: true });
    expect((await patch(stores.oakland, vault.id, { sellable: false })).json()).toMatchObject({ sellable: false });

    // Below the API, the database refuses it too (migration 0079).
    const transit = await byCode(stores.oakland, 'in_transit');
    await expect(sql`update inventory_location set sellable = true where id = ${transit.id}`.execute(db())).rejects.toThrow(/inventory_location_never_sellable_kind_check/);
    expect((await byCode(stores.oakland, 'in_transit')).sellable).toBe(false);
  });
});
