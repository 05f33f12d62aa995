import { ADDRESS_TYPES } from '@verdant/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { creditPurchase, historyFor, recordPurchase, type UsageLine } from '../../src/modules/compliance';
import { customers, stockedSku } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { createCustomer, createStore, storesByJurisdiction, TEST_CUSTOMER_DATA_KEY } from './customers.fixtures';

const AT = '2025-11-15T14:00:00-08:00';
const flower = (grams: number, sku = 'FLOWER'): UsageLine & { unitPriceCents: number } => ({
  sku,
  category: 'flower',
  quantity: 1,
  unitPriceCents: 4000,
  netWeightMg: grams * 1000,
  thcMg: grams * 220,
  thcPercent: 22,
  infused: false,
});

describe('compliance: purchase history, checks, refusals and overrides', () => {
  let server: TestServer;
  let owner: string;
  let manager: string;
  let budtender: string;
  let oakland: { id: string; jurisdiction: string; timezone: string };
  let berkeley: { id: string; jurisdiction: string; timezone: string };
  beforeAll(async () => {
    server = await startTestServer({ env: { CUSTOMER_DATA_KEY: TEST_CUSTOMER_DATA_KEY } });
    owner = await server.login('owner');
    manager = await server.login('manager');
    budtender = await server.login('budtender');
    oakland = (await storesByJurisdiction(server, owner))['US-CA'];
    berkeley = await createStore(server, owner, 'US-CA', 'America/Los_Angeles', 'Green Door Berkeley');
  });
  afterAll(() => server?.close());

  const purchase = (input: { storeId: string; customerId: string; orderId: string; channel: 'in_store' | 'pickup' | 'delivery'; occurredAt: string; lines: UsageLine[] }) =>
    inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) => recordPurchase(uow, { organizationId: server.organizationId, ...input }));

  const check = (body: Record<string, unknown>) => server.request({ method: 'POST', url: '/v1/compliance/checks', cookie: budtender, body });

  it('counts a purchase at store A today toward the limit at store B, across channels', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Sam', lastName: 'Split', birthDate: '1990-01-01', idJurisdiction: 'US-CA' });
    const orderA = crypto.randomUUID();
    expect((await purchase({ storeId: oakland.id, customerId: customer.id, orderId: orderA, channel: 'in_store', occurredAt: '2025-11-15T10:00:00-08:00', lines: [flower(14), flower(6, 'PREROLL')] })).recorded).toBe(2);
    // Idempotent: the order's transaction retried writes nothing twice.
    expect((await purchase({ storeId: oakland.id, customerId: customer.id, orderId: orderA, channel: 'in_store', occurredAt: '2025-11-15T10:00:00-08:00', lines: [flower(14), flower(6, 'PREROLL')] })).recorded).toBe(0);
    await purchase({ storeId: berkeley.id, customerId: customer.id, orderId: crypto.randomUUID(), channel: 'pickup', occurredAt: '2025-11-15T12:30:00-08:00', lines: [flower(5)] });
    // Yesterday does not count toward California's daily limit.
    await purchase({ storeId: berkeley.id, customerId: customer.id, orderId: crypto.randomUUID(), channel: 'delivery', occurredAt: '2025-11-14T15:00:00-08:00', lines: [flower(28)] });

    const history = await historyFor(server.platform.database.db, { organizationId: server.organizationId, customerId: customer.id, jurisdiction: 'US-CA', since: '2025-11-01T00:00:00Z' });
    expect(history).toHaveLength(3);
    expect(history.map((h) => h.lines.length)).toEqual([1, 2, 1]);

    const atB = await check({ storeId: berkeley.id, customerId: customer.id, channel: 'in_store', at: AT, lines: [flower(5)] });
    expect(atB.statusCode).toBe(200);
    const result = atB.json();
    expect(result.allowed).toBe(false);
    expect(result.violations[0]).toMatchObject({ code: 'PURCHASE_LIMIT', rule: 'us-ca.limit.au-non-concentrated', lines: [0] });
    expect(result.limits.find((l: { id: string }) => l.id === 'us-ca.limit.au-non-concentrated')).toMatchObject({ used: 30000, max: 28500 });
    expect(result.applied.historyPurchases).toBe(3);

    const small = (await check({ storeId: berkeley.id, customerId: customer.id, channel: 'delivery', at: AT, lines: [flower(3)], delivery: { addressType: 'residence' } })).json();
    expect(small.allowed).toBe(true);

    // A return at store A gives the allowance back.
    const credited = await inTransaction(server.platform.tx, systemContext(server.organizationId), (uow) => creditPurchase(uow, { orderId: orderA, lines: [{ lineNo: 0, quantity: 1 }] }));
    expect(credited).toEqual({ credited: 1, creditable: true });
    const after = (await check({ storeId: berkeley.id, customerId: customer.id, channel: 'in_store', at: AT, lines: [flower(5)] })).json();
    expect(after.allowed).toBe(true);
    expect(after.limits.find((l: { id: string }) => l.id === 'us-ca.limit.au-non-concentrated').used).toBe(16000);
  });

  it('applies the store’s local tax rates for the date, with rate periods that never overlap', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Tia', lastName: 'Taxes', birthDate: '1980-01-01' });
    const first = await server.request({ method: 'POST', url: `/v1/stores/${oakland.id}/tax-settings`, cookie: manager, body: { localSalesTaxRate: 0.0225, localCannabisTaxRate: 0.1, effectiveFrom: '2025-01-01', reason: 'Oakland rates' } });
    expect(first.statusCode).toBe(201);
    const second = await server.request({ method: 'POST', url: `/v1/stores/${oakland.id}/tax-settings`, cookie: manager, body: { localSalesTaxRate: 0.03, localCannabisTaxRate: 0.1, effectiveFrom: '2025-12-01' } });
    expect(second.statusCode).toBe(201);
    const settings = (await server.request({ method: 'GET', url: `/v1/stores/${oakland.id}/tax-settings`, cookie: manager })).json().settings;
    expect(settings.map((s: { effectiveFrom: string; effectiveTo: string | null }) => [s.effectiveFrom, s.effectiveTo])).toEqual([
      ['2025-01-01', '2025-11-30'],
      ['2025-12-01', null],
    ]);
    expect((await server.request({ method: 'POST', url: `/v1/stores/${oakland.id}/tax-settings`, cookie: budtender, body: { localSalesTaxRate: 0, localCannabisTaxRate: 0, effectiveFrom: '2026-01-01' } })).statusCode).toBe(403);

    const rateOf = (r: { taxes: Array<{ code: string; rate: number }> }, code: string) => r.taxes.find((t) => t.code === code)?.rate;
    const nov = (await check({ storeId: oakland.id, customerId: customer.id, channel: 'in_store', at: AT, lines: [flower(3.5)] })).json();
    expect(rateOf(nov, 'CA_SALES')).toBeCloseTo(0.095, 6);
    expect(rateOf(nov, 'CA_LOCAL_CANNABIS')).toBeCloseTo(0.1, 6);
    expect(nov.applied.taxSettingId).toBe(settings[0].id);
    const dec = (await check({ storeId: oakland.id, customerId: customer.id, channel: 'in_store', at: '2025-12-02T12:00:00-08:00', lines: [flower(3.5)] })).json();
    expect(rateOf(dec, 'CA_SALES')).toBeCloseTo(0.1025, 6);
  });

  it('withdraws a rate period that has not started, the period before it running on; a started period stays', async () => {
    const store = await createStore(server, owner, 'US-CA', 'America/Los_Angeles', 'Green Door Emeryville');
    const url = `/v1/stores/${store.id}/tax-settings`;
    const nextYear = new Date().getUTCFullYear() + 1;
    const add = (body: Record<string, unknown>) => server.request({ method: 'POST', url, cookie: owner, body });
    const current = (await add({ localSalesTaxRate: 0.0125, localCannabisTaxRate: 0.05, effectiveFrom: '2025-01-01', reason: 'Emeryville rates' })).json();
    const future = (await add({ localSalesTaxRate: 0.02, localCannabisTaxRate: 0.06, effectiveFrom: `${nextYear}-01-01`, effectiveTo: `${nextYear}-06-30` })).json();
    const periods = async () =>
      (await server.request({ method: 'GET', url, cookie: owner })).json().settings.map((s: { id: string; effectiveFrom: string; effectiveTo: string | null }) => [s.id, s.effectiveFrom, s.effectiveTo]);
    const before = await periods();
    expect(before).toEqual([
      [current.id, '2025-01-01', `${nextYear - 1}-12-31`],
      [future.id, `${nextYear}-01-01`, `${nextYear}-06-30`],
    ]);
    const withdraw = (id: string, body: Record<string, unknown> = { reason: 'City vote postponed' }, cookie = owner) =>
      server.request({ method: 'DELETE', url: `${url}/${id}`, cookie, body });

    // Refusals change nothing.
    expect((await withdraw(future.id, { reason: 'City vote postponed' }, budtender)).statusCode).toBe(403);
    const noReason = await withdraw(future.id, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].path).toEqual(['body', 'reason']);
    const unknown = await withdraw(crypto.randomUUID());
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await withdraw(future.id)).statusCode).toBe(204);
    // Now gone: a second withdrawal is 404, and the period before runs on to the withdrawn one's end.
    expect((await withdraw(future.id)).statusCode).toBe(404);
    expect(await periods()).toEqual([[current.id, '2025-01-01', `${nextYear}-06-30`]]);
    const started = await withdraw(current.id);
    expect([started.statusCode, started.json().error.code]).toEqual([409, 'TAX_SETTING_STARTED']);
    expect(await periods()).toEqual([[current.id, '2025-01-01', `${nextYear}-06-30`]]);

    const audit = await server.platform.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'reason'])
      .where('entity_type', '=', 'store_tax_setting')
      .where('store_id', '=', store.id)
      .where('action', 'in', ['compliance.tax_setting.withdrawn', 'compliance.tax_setting.extended'])
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'compliance.tax_setting.withdrawn', entity_id: future.id, reason: 'City vote postponed' },
      { action: 'compliance.tax_setting.extended', entity_id: current.id, reason: 'City vote postponed' },
    ]);
    // The rates a check applies follow at once: next year's first half is taxed at the current rates.
    const customer = await createCustomer(server, budtender, { firstName: 'Wen', lastName: 'Withdrawn', birthDate: '1980-01-01' });
    const later = (await check({ storeId: store.id, customerId: customer.id, channel: 'in_store', at: `${nextYear}-02-02T12:00:00-08:00`, lines: [flower(3.5)] })).json();
    expect(later.taxes.find((t: { code: string }) => t.code === 'CA_LOCAL_CANNABIS')?.rate).toBeCloseTo(0.05, 6);
    expect(later.applied.taxSettingId).toBe(current.id);
  });

  it('refuses a local rate the store’s law caps, at its field, and writes nothing; a rate within the cap is added', async () => {
    const store = await createStore(server, owner, 'US-IL', 'America/Chicago', 'Green Door Evanston');
    const url = `/v1/stores/${store.id}/tax-settings`;
    const add = (localCannabisTaxRate: number) => server.request({ method: 'POST', url, cookie: owner, body: { localSalesTaxRate: 0.0125, localCannabisTaxRate, effectiveFrom: '2026-01-01' } });
    const audited = async () => Number((await server.platform.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'compliance.tax_setting.added').executeTakeFirstOrThrow()).n);
    const auditBefore = await audited();
    for (const [rate, rule] of [[0.07, 'us-il.tax.cannabis-rot'], [0.031, 'us-il.tax.cannabis-rot']] as const) {
      const refused = await add(rate);
      expect([refused.statusCode, refused.json().error.code], refused.body).toEqual([422, 'LOCAL_RATE_NOT_ALLOWED']);
      expect(refused.json().error.details).toMatchObject([{ path: ['body', 'localCannabisTaxRate'], rule }]);
    }
    expect((await server.request({ method: 'GET', url, cookie: owner })).json().settings).toEqual([]);
    expect(await audited()).toBe(auditBefore);
    expect((await add(0.03)).statusCode).toBe(201);
  });

  it('lets a linked caregiver buy under the patient’s limits, and refuses one who is not linked', async () => {
    const patient = await createCustomer(server, budtender, { firstName: 'Ray', lastName: 'Patient', birthDate: '1960-01-01' });
    await server.request({ method: 'PUT', url: `/v1/customers/${patient.id}/medical`, cookie: budtender, body: { cardNumber: 'RAY-123456', cardJurisdiction: 'US-CA', cardExpiresOn: '2027-01-01' } });
    const caregiver = await createCustomer(server, budtender, { firstName: 'Cy', lastName: 'Giver', birthDate: '1970-01-01' });
    const stranger = await createCustomer(server, budtender, { firstName: 'St', lastName: 'Ranger', birthDate: '1970-01-01' });
    await server.request({ method: 'POST', url: `/v1/customers/${patient.id}/caregivers`, cookie: budtender, body: { caregiverCustomerId: caregiver.id } });

    const ok = (await check({ storeId: oakland.id, customerId: patient.id, caregiverId: caregiver.id, channel: 'in_store', at: AT, lines: [flower(40)] })).json();
    expect(ok.allowed).toBe(true);
    expect(ok.context.customerKind).toBe('medical');
    // The MMIC holder pays no sales tax on cannabis.
    expect(ok.taxes.find((t: { code: string }) => t.code === 'CA_SALES')?.amountCents ?? 0).toBe(0);
    const refused = await check({ storeId: oakland.id, customerId: patient.id, caregiverId: stranger.id, channel: 'in_store', at: AT, lines: [flower(3)] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('CAREGIVER_NOT_LINKED');
  });

  it('overrides a refusal only where the pack allows it, logged, audited and reportable', async () => {
    const patient = await createCustomer(server, budtender, { firstName: 'Max', lastName: 'Dose', birthDate: '1965-01-01' });
    await server.request({ method: 'PUT', url: `/v1/customers/${patient.id}/medical`, cookie: budtender, body: { cardNumber: 'MAX-998877', cardJurisdiction: 'US-CA', cardExpiresOn: '2027-01-01' } });
    const overMedical = (await check({ storeId: oakland.id, customerId: patient.id, channel: 'in_store', at: AT, lines: [{ ...flower(250), quantity: 1 }] })).json();
    expect(overMedical.allowed).toBe(false);
    expect(overMedical.violations[0]).toMatchObject({ rule: 'us-ca.limit.med-dried-flower', overridable: true });

    const refusal = await server.request({
      method: 'POST',
      url: '/v1/compliance/refusals',
      cookie: budtender,
      // The client says nothing about overridability: the server decides from the pack.
      body: { storeId: oakland.id, customerId: patient.id, channel: 'in_store', violations: overMedical.violations.map(({ code, message, rule, lines }: Record<string, unknown>) => ({ code, message, rule, lines })), packVersion: overMedical.packVersion },
    });
    expect(refusal.statusCode).toBe(201);
    expect(refusal.json()).toMatchObject({ kind: 'refusal', source: 'register', codes: ['PURCHASE_LIMIT'], violations: [expect.objectContaining({ overridable: true })] });
    const refusalId = refusal.json().id;

    expect((await server.request({ method: 'POST', url: `/v1/compliance/refusals/${refusalId}/override`, cookie: budtender, body: { reason: 'please' } })).statusCode).toBe(403);
    expect((await server.request({ method: 'POST', url: `/v1/compliance/refusals/${refusalId}/override`, cookie: manager, body: {} })).statusCode).toBe(400);
    const override = await server.request({ method: 'POST', url: `/v1/compliance/refusals/${refusalId}/override`, cookie: manager, body: { reason: 'Recommendation from Dr. Lin allows 12 oz/day' } });
    expect(override.statusCode).toBe(201);
    expect(override.json()).toMatchObject({ kind: 'override', refusalId, reason: 'Recommendation from Dr. Lin allows 12 oz/day', customerId: patient.id });
    const again = await server.request({ method: 'POST', url: `/v1/compliance/refusals/${refusalId}/override`, cookie: manager, body: { reason: 'twice' } });
    expect(again.statusCode).toBe(409);

    // An adult-use limit is not overridable in California: refused, and nothing is written.
    const adult = await createCustomer(server, budtender, { firstName: 'Al', lastName: 'Adult', birthDate: '1990-01-01' });
    const overAdult = (await check({ storeId: oakland.id, customerId: adult.id, channel: 'in_store', at: AT, lines: [flower(30)] })).json();
    const adultRefusal = (await server.request({
      method: 'POST',
      url: '/v1/compliance/refusals',
      cookie: budtender,
      body: { storeId: oakland.id, customerId: adult.id, channel: 'in_store', violations: overAdult.violations.map(({ code, message, rule }: Record<string, unknown>) => ({ code, message, rule })) },
    })).json();
    expect(adultRefusal.violations[0].overridable).toBe(false);
    const denied = await server.request({ method: 'POST', url: `/v1/compliance/refusals/${adultRefusal.id}/override`, cookie: manager, body: { reason: 'regular customer' } });
    expect(denied.statusCode).toBe(422);
    expect(denied.json().error).toMatchObject({ code: 'OVERRIDE_NOT_ALLOWED', details: { violations: [{ code: 'PURCHASE_LIMIT', rule: 'us-ca.limit.au-non-concentrated' }] } });

    // A rule id the pack does not have cannot be made overridable by the client.
    const forged = (await server.request({
      method: 'POST',
      url: '/v1/compliance/refusals',
      cookie: budtender,
      body: { storeId: oakland.id, customerId: adult.id, channel: 'in_store', violations: [{ code: 'PURCHASE_LIMIT', message: 'x', rule: 'made.up.rule' }] },
    })).json();
    expect((await server.request({ method: 'POST', url: `/v1/compliance/refusals/${forged.id}/override`, cookie: manager, body: { reason: 'forged' } })).statusCode).toBe(422);

    // Reportable: filtered list and CSV.
    const overrides = (await server.request({ method: 'GET', url: `/v1/compliance/events?storeId=${oakland.id}&kind=override`, cookie: manager })).json().events;
    expect(overrides.map((e: { id: string }) => e.id)).toEqual([override.json().id]);
    // Dates alone are days at the event's store (Oakland's, in Los Angeles), `to` included.
    const day = (offsetDays: number) => {
      const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date()).split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d + offsetDays)).toISOString().slice(0, 10);
    };
    const auditor = await server.login('auditor');
    const eventsOn = async (query: string) =>
      (await server.request({ method: 'GET', url: `/v1/compliance/events?storeId=${oakland.id}&${query}`, cookie: auditor })).json().events as { id: string }[];
    const todays = await eventsOn(`from=${day(0)}&to=${day(0)}`);
    expect(todays.length).toBeGreaterThanOrEqual(4);
    expect(todays.map((e) => e.id)).toContain(override.json().id);
    expect(await eventsOn(`from=${day(0)}&to=2999-01-01`)).toEqual(todays);
    expect(await eventsOn(`from=${day(1)}`)).toEqual([]);
    expect(await eventsOn(`to=${day(-1)}`)).toEqual(expect.not.arrayContaining([expect.objectContaining({ id: override.json().id })]));
    expect((await server.request({ method: 'GET', url: `/v1/compliance/events?from=2999-01-01`, cookie: manager })).json().events).toEqual([]);
    expect((await server.request({ method: 'GET', url: '/v1/compliance/events', cookie: budtender })).statusCode).toBe(403);

    const csv = await server.request({ method: 'GET', url: `/v1/compliance/events.csv?storeId=${oakland.id}`, cookie: manager });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('occurred_at,kind,source,store_id,jurisdiction,customer_id,order_id,channel,codes,rules,messages,reason,refusal_id,actor_type,actor_id,pack_version,id');
    expect(csv.body).toContain('Recommendation from Dr. Lin allows 12 oz/day');
    expect(csv.body).toContain('us-ca.limit.med-dried-flower');

    const audit = (await server.request({ method: 'GET', url: `/v1/audit?entityType=compliance_event&entityId=${override.json().id}`, cookie: owner })).json();
    expect(audit.entries[0]).toMatchObject({ action: 'compliance.override.recorded', reason: 'Recommendation from Dr. Lin allows 12 oz/day' });
    const events = await server.platform.database.db.selectFrom('outbox_event').select('type').where('aggregate_id', '=', override.json().id).execute();
    expect(events.map((e) => e.type)).toEqual(['compliance.override.recorded']);
  });

  it('keeps CSV cells from being read as spreadsheet formulas', async () => {
    const adult = await createCustomer(server, budtender, { firstName: 'Eve', lastName: 'Excel', birthDate: '1990-01-01' });
    await server.request({
      method: 'POST',
      url: '/v1/compliance/refusals',
      cookie: budtender,
      body: { storeId: berkeley.id, customerId: adult.id, channel: 'in_store', violations: [{ code: 'PURCHASE_LIMIT', message: '=HYPERLINK("http://x")', rule: 'made.up.rule' }] },
    });
    const csv = (await server.request({ method: 'GET', url: `/v1/compliance/events.csv?customerId=${adult.id}`, cookie: manager })).body;
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('judges a delivery’s address type by the store’s pack, in checks and at cart completion', async () => {
    const customer = await createCustomer(server, budtender, { firstName: 'Dee', lastName: 'Livery', birthDate: '1990-01-01', idJurisdiction: 'US-CA' });
    const deliverTo = (addressType: string) => check({ storeId: berkeley.id, customerId: customer.id, channel: 'delivery', at: AT, lines: [flower(3)], delivery: { addressType } });
    expect((await deliverTo('hotel')).json()).toMatchObject({ allowed: true, violations: [] });
    const school = (await deliverTo('school')).json();
    expect(school.allowed).toBe(false);
    expect(school.violations).toMatchObject([{ code: 'DELIVERY_NOT_ALLOWED', rule: 'us-ca.delivery.allowed', confidence: 'sure' }]);
    expect(school.violations[0].message).toContain('school');
    const unknown = await deliverTo('campus');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toEqual(['body', 'delivery', 'addressType']);

    // A delivery cart stores the new kinds, and completion refuses one the pack excludes.
    const fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 5 });
    const [buyer] = await customers(server.platform.database.db, server.organizationId, 1);
    const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: fx.storeId, customerId: buyer, channel: 'delivery' } })).json();
    expect((await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: fx.skuId, quantity: 1 } })).statusCode).toBe(200);
    const address = { line1: '1 Main St', city: 'Oakland', region: 'CA', postalCode: '94607' };
    const fulfillment = await server.request({
      method: 'PUT',
      url: `/v1/carts/${cart.id}/fulfillment`,
      cookie: manager,
      body: { delivery: { name: 'Test Buyer', phone: '+15105550199', address, addressType: 'day_care' } },
    });
    expect(fulfillment.statusCode, fulfillment.body).toBe(200);
    const done = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
    expect(done.statusCode, done.body).toBe(422);
    expect(done.json().error.code).toBe('COMPLIANCE_BLOCKED');
    expect(done.json().error.details.violations).toContainEqual(expect.objectContaining({ code: 'DELIVERY_NOT_ALLOWED', rule: 'us-ca.delivery.allowed' }));

    // Both routes publish every address type the engine knows.
    const paths = (await server.request({ method: 'GET', url: '/openapi.json' })).json().paths;
    for (const route of [paths['/v1/carts/{id}/fulfillment'].put, paths['/v1/compliance/checks'].post]) {
      const body = JSON.stringify(route.requestBody);
      for (const type of ADDRESS_TYPES) expect(body).toContain(`"${type}"`);
    }
  });
});
