import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createOrganization } from '../../src/modules/organizations/organizations.service';
import { createStaff } from '../../src/modules/staff/staff.service';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { demoStores, newLabel, receivePackages } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

// The public availability of a store answers for what its online menu lists, and nothing else:
// an item off the menu (archived, not priced there, another organization's) must not show its
// stock or its batch's lab results, and must read exactly like an id that does not exist.
describe('public availability: only what the store’s online menu lists', () => {
  let server: TestServer;
  let owner: string;
  let stores: { oakland: string; denver: string };
  const sku = { listed: '', archived: '', unpriced: '', theirs: '', unknown: randomUUID() };

  const send = async (method: string, url: string, body?: unknown, cookie = owner) => {
    const response = await server.request({ method, url, cookie, body });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  const publicAvailability = async (storeId: string, ids: string[]) => {
    const response = await server.request({ method: 'GET', url: `/v1/public/stores/${storeId}/availability?skuIds=${ids.join(',')}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { storeId: string; items: Array<Record<string, unknown>> };
  };
  const menuSkuIds = async (storeId: string) => {
    const response = await server.request({ method: 'GET', url: `/v1/public/stores/${storeId}/products?q=Listing%20Probe&limit=100` });
    expect(response.statusCode, response.body).toBe(200);
    return new Set((response.json().products as Array<{ skus: Array<{ id: string }> }>).flatMap((p) => p.skus.map((s) => s.id)));
  };

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    stores = await demoStores(server);

    // Three SKUs of ours, with stock and a tested batch at Oakland; two of them priced there.
    const product = await send('POST', '/v1/catalog/products', {
      title: 'Listing Probe Kush',
      category: 'flower',
      status: 'active',
      skus: [
        { code: 'LP-1', sizeLabel: '1g', netWeightMg: 1000, prices: [{ storeId: stores.oakland, priceCents: 1500 }] },
        { code: 'LP-35', sizeLabel: '3.5g', netWeightMg: 3500, prices: [{ storeId: stores.oakland, priceCents: 4000 }] },
        { code: 'LP-7', sizeLabel: '7g', netWeightMg: 7000, prices: [{ storeId: stores.denver, priceCents: 7000 }] },
      ],
    });
    const byCode = new Map((product.skus as Array<{ id: string; code: string }>).map((s) => [s.code, s.id]));
    sku.listed = byCode.get('LP-1')!;
    sku.archived = byCode.get('LP-35')!;
    sku.unpriced = byCode.get('LP-7')!;

    // Another organization's SKU, priced at its own store.
    const organizationId = uuidv7();
    await inTransaction(server.platform.tx, systemContext(organizationId), async (uow) => {
      await createOrganization(uow, { id: organizationId, name: 'Listing Probe Collective' });
      await createStaff(uow, { organizationId, email: 'owner@listing-probe.test', name: 'Other Owner', role: 'owner', password: 'listing-probe-password' });
    });
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email: 'owner@listing-probe.test', password: 'listing-probe-password' } });
    expect(login.statusCode, login.body).toBe(200);
    const theirCookie = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
    const theirStore = await send('POST', '/v1/stores', { name: 'Listing Probe Berkeley', licenseNumber: 'C10-PROBE-0001', jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' }, theirCookie);
    const theirProduct = await send('POST', '/v1/catalog/products', {
      title: 'Listing Probe Haze',
      category: 'flower',
      status: 'active',
      skus: [{ code: 'LPO-35', sizeLabel: '3.5g', netWeightMg: 3500, prices: [{ storeId: theirStore.id, priceCents: 4200 }] }],
    }, theirCookie);
    sku.theirs = theirProduct.skus[0].id;

    // Stock of all four at Oakland (inventory keeps SKUs by id), every batch with a lab result.
    const labels = [sku.listed, sku.archived, sku.unpriced, sku.theirs].map((skuId) => ({ label: newLabel(), skuId, quantity: 20 }));
    await receivePackages(server, owner, stores.oakland, labels);
    for (const { label } of labels) {
      const pkg = await send('GET', `/v1/inventory/packages/${label}`);
      await send('POST', `/v1/inventory/batches/${pkg.batchId}/lab-results`, {
        labName: 'Probe Labs',
        testedOn: '2026-01-20',
        cannabinoids: [{ name: 'THCa', percent: 24 }],
        contaminants: [{ panel: 'pesticides', status: 'pass' }],
      });
    }
    await send('PATCH', `/v1/catalog/skus/${sku.archived}`, { status: 'archived' });
    await server.platform.sequencer.wake();
  });
  afterAll(() => server?.close());

  it('answers a listed SKU with its real availability and batch', async () => {
    expect(await menuSkuIds(stores.oakland)).toEqual(new Set([sku.listed]));
    const { items } = await publicAvailability(stores.oakland, [sku.listed]);
    expect(items).toEqual([
      {
        skuId: sku.listed,
        available: 20,
        inStock: true,
        nextBatch: expect.objectContaining({ labStatus: expect.any(String), labName: 'Probe Labs', testedOn: '2026-01-20' }),
        nextExpiresOn: null,
      },
    ]);
  });

  it('answers an archived SKU, one not priced at the store and another organization’s SKU like an unknown id', async () => {
    const offMenu = [sku.archived, sku.unpriced, sku.theirs, sku.unknown];
    const { storeId, items } = await publicAvailability(stores.oakland, [sku.listed, ...offMenu]);
    expect(storeId).toBe(stores.oakland);
    expect(items.map((i) => i.skuId)).toEqual([sku.listed, ...offMenu]);
    const nothing = (skuId: string) => ({ skuId, available: 0, inStock: false, nextBatch: null, nextExpiresOn: null });
    expect(items.slice(1)).toEqual(offMenu.map(nothing));
    expect(items[0]).toMatchObject({ available: 20, inStock: true });
    // Asked one at a time, the same: the answer does not depend on what else is asked.
    for (const skuId of offMenu) expect((await publicAvailability(stores.oakland, [skuId])).items).toEqual([nothing(skuId)]);
  });

  it('leaves the staff availability as it was: the shelf as it is', async () => {
    const response = await server.request({ method: 'GET', url: `/v1/stores/${stores.oakland}/availability?skuIds=${sku.archived},${sku.unpriced}`, cookie: owner });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items.map((i: { skuId: string; available: number }) => [i.skuId, i.available])).toEqual([
      [sku.archived, 20],
      [sku.unpriced, 20],
    ]);
  });

  it('follows the menu: a price at the store lists the SKU, and removing it hides the stock again', async () => {
    await send('PUT', `/v1/catalog/skus/${sku.unpriced}/prices/${stores.oakland}`, { priceCents: 6500 });
    expect(await menuSkuIds(stores.oakland)).toEqual(new Set([sku.listed, sku.unpriced]));
    expect((await publicAvailability(stores.oakland, [sku.unpriced])).items[0]).toMatchObject({ available: 20, inStock: true });
    await server.request({ method: 'DELETE', url: `/v1/catalog/skus/${sku.unpriced}/prices/${stores.oakland}`, cookie: owner });
    expect((await publicAvailability(stores.oakland, [sku.unpriced])).items[0]).toEqual({ skuId: sku.unpriced, available: 0, inStock: false, nextBatch: null, nextExpiresOn: null });
  });
});
