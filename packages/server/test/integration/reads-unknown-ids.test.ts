// Reads of one row's data by its id answer 404 NOT_FOUND for an id the caller's organization does
// not have, instead of an empty 200 (a store-credit balance of 0, no packages, no orders to pick, no
// reconciliations) that looks like a real, empty answer. An id of nobody and an id of another
// organization's row are answered the same, so a caller learns nothing about other tenants.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createStore } from '../../src/modules/organizations/organizations.service';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { customers } from '../support/checkout-fixtures';
import { demoStores } from '../support/inventory-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('reads by id: an id the organization does not have is 404', () => {
  let server: TestServer;
  let owner: string;
  let oakland: string;
  let ourCustomer: string;
  /** Another organization's store and customer. */
  let theirStore: string;
  let theirCustomer: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    oakland = (await demoStores(server)).oakland;
    [ourCustomer] = await customers(db(), server.organizationId, 1);
    const organizationId = uuidv7();
    theirStore = await inTransaction(server.platform.tx, systemContext(organizationId), async (uow) => {
      await createOrganization(uow, { id: organizationId, name: 'Elsewhere Cannabis' });
      return (await createStore(uow, organizationId, { name: 'Elsewhere Oakland', licenseNumber: `C10-ELSEWHERE-${organizationId.slice(-6)}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' })).id;
    });
    [theirCustomer] = await customers(db(), organizationId, 1);
  });
  afterAll(() => server?.close());

  const get = (url: string) => server.request({ method: 'GET', url, cookie: owner });
  const answer = (r: Awaited<ReturnType<typeof get>>) => ({ status: r.statusCode, code: r.json().error?.code, message: r.json().error?.message });

  const routes: Array<{ name: string; url: (id: string) => string; ours: () => string; theirs: () => string; entity: string }> = [
    { name: 'a customer’s store-credit balance', url: (id) => `/v1/store-credit/${id}`, ours: () => ourCustomer, theirs: () => theirCustomer, entity: 'Customer' },
    { name: 'a store’s packages', url: (id) => `/v1/stores/${id}/packages`, ours: () => oakland, theirs: () => theirStore, entity: 'Store' },
    { name: 'a store’s pick queue', url: (id) => `/v1/stores/${id}/pick-queue`, ours: () => oakland, theirs: () => theirStore, entity: 'Store' },
    { name: 'a store’s state reconciliations', url: (id) => `/v1/stores/${id}/traceability/reconciliations`, ours: () => oakland, theirs: () => theirStore, entity: 'Store' },
  ];

  for (const route of routes) {
    it(`${route.name}: 200 for ours, 404 NOT_FOUND for an unknown id and the same for another organization’s`, async () => {
      const ours = await get(route.url(route.ours()));
      expect(ours.statusCode, ours.body).toBe(200);
      const unknown = await get(route.url(uuidv7()));
      expect(answer(unknown)).toEqual({ status: 404, code: 'NOT_FOUND', message: `${route.entity} not found.` });
      const theirs = await get(route.url(route.theirs()));
      expect(answer(theirs)).toEqual(answer(unknown));
    });
  }
});
