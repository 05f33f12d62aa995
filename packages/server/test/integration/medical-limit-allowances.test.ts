// Per-patient limit allowances: a practitioner who sets a larger supply for one patient (New Jersey:
// "3 oz per 30 days unless the practitioner says more") is recorded on the patient's medical record,
// and checkout applies it until it expires. Register sales run in New Jersey: its pack has no sale
// hours, so the real clock the register uses never closes the store mid-test.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';
import { createCustomer, stockedStore, TEST_CUSTOMER_DATA_KEY } from './customers.fixtures';

const NJ_MED = 'us-nj.limit.med-30-days';
const NJ_MED_MAX = 85050; // mg: 3 oz of 28,350 mg
/** A fixed instant for the register's compliance check: 2025-11-15 at 14:00 in New Jersey. */
const CHECK_AT = '2025-11-15T14:00:00-05:00';

function yearsFromToday(years: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

/** `grams` one-gram flower units. */
const flower = (grams: number) => ({ sku: 'FLOWER', category: 'flower', quantity: grams, unitPriceCents: 1000, netWeightMg: 1000, thcMg: 200, thcPercent: 20 });

describe('medical limit allowances on the patient record', () => {
  let server: TestServer;
  let owner: string;
  let budtender: string;
  let nj: CheckoutFixture;
  const db = () => server.platform.database.db;

  async function patient(firstName: string, limitAllowances?: unknown[]) {
    const p = await createCustomer(server, budtender, { firstName, lastName: 'Patient', birthDate: '1980-03-01', kind: 'medical', idJurisdiction: 'US-NJ' });
    const card = await setMedical(p.id, firstName, limitAllowances);
    expect(card.statusCode, card.body).toBe(200);
    return p.id;
  }

  const setMedical = (customerId: string, cardNumber: string, limitAllowances?: unknown) =>
    server.request({
      method: 'PUT',
      url: `/v1/customers/${customerId}/medical`,
      cookie: owner, // allowances need compliance:override (a budtender's refusal is tested below)
      body: { cardNumber: `NJ-${cardNumber.toUpperCase()}-0001`, cardJurisdiction: 'US-NJ', cardExpiresOn: yearsFromToday(2), ...(limitAllowances !== undefined && { limitAllowances }) },
    });

  const check = (customerId: string, grams: number, at = CHECK_AT) =>
    server.request({ method: 'POST', url: '/v1/compliance/checks', cookie: budtender, body: { storeId: nj.storeId, channel: 'in_store', at, customerId, lines: [flower(grams)] } });

  const posSale = (customerId: string, quantity: number) =>
    server.request({
      method: 'POST',
      url: `/v1/stores/${nj.storeId}/pos-sales`,
      cookie: owner,
      body: { id: uuidv7(), customerId, lines: [{ skuId: nj.skuId, quantity }], tenders: [{ kind: 'cash', tenderedCents: 1_000_000 }] },
    });

  beforeAll(async () => {
    server = await startTestServer({ env: { CUSTOMER_DATA_KEY: TEST_CUSTOMER_DATA_KEY } });
    owner = await server.login('owner');
    budtender = await server.login('budtender');
    nj = await stockedStore(server, owner, { jurisdiction: 'US-NJ', timezone: 'America/New_York', name: 'Allowance Test Newark', quantity: 100 });
  });
  afterAll(() => server?.close());

  it('the register sells a patient with an allowance more than the pack maximum; one without is refused', async () => {
    // HH-BD-35 is 3.5 g: 25 units = 87.5 g, above New Jersey's 85.05 g per 30 days.
    const plain = await patient('Nell');
    const refused = await posSale(plain, 25);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error.details.violations).toMatchObject([{ code: 'PURCHASE_LIMIT', rule: NJ_MED }]);

    const allowed = await patient('Rex', [{ limit: NJ_MED, max: 100_000, documentedBy: 'practitioner', expiresOn: yearsFromToday(1) }]);
    const sold = await posSale(allowed, 25);
    expect(sold.statusCode, sold.body).toBe(201);
    expect(sold.json().order.status).toBe('completed');
    // The sale counts: 87.5 g used of 100 g, so 4 more units (14 g) go over.
    const again = await posSale(allowed, 4);
    expect(again.statusCode, again.body).toBe(422);
    expect(again.json().error.details.violations[0]).toMatchObject({ code: 'PURCHASE_LIMIT', rule: NJ_MED });
    expect(again.json().error.details.violations[0].message).toContain('of 100,000 mg');
  });

  it('the compliance check shows the raised maximum, and refuses one gram over it', async () => {
    const allowances = [{ limit: NJ_MED, max: 120_000, documentedBy: 'practitioner', expiresOn: '2026-06-30' }];
    const id = await patient('Ada', allowances);
    const ok = await check(id, 120);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ allowed: true, violations: [], context: { customerKind: 'medical' } });
    expect(ok.json().limits).toMatchObject([{ id: NJ_MED, max: 120_000, used: 120_000, allowance: { max: 120_000, packMax: NJ_MED_MAX, applied: true } }]);

    const over = (await check(id, 121)).json();
    expect(over.allowed).toBe(false);
    expect(over.violations).toMatchObject([{ code: 'PURCHASE_LIMIT', rule: NJ_MED }]);

    const plain = (await check(await patient('Bea'), 86)).json();
    expect(plain.violations).toMatchObject([{ code: 'PURCHASE_LIMIT', rule: NJ_MED }]);
    expect(plain.limits[0]).toMatchObject({ max: NJ_MED_MAX });
    expect(plain.limits[0].allowance).toBeUndefined();
  });

  it('an expired allowance is not applied: it counts through its expiry date (store-local) and not the day after', async () => {
    const id = await patient('Eve', [{ limit: NJ_MED, max: 120_000, documentedBy: 'waiver', expiresOn: '2025-11-14' }]);
    const lastDay = (await check(id, 100, '2025-11-14T23:30:00-05:00')).json();
    expect(lastDay).toMatchObject({ allowed: true, context: { localDate: '2025-11-14' } });
    // 23:30 on the 14th in New Jersey is already the 15th in UTC: the store-local date decided. The next
    // store-local day the pack maximum is back.
    const dayAfter = (await check(id, 100, CHECK_AT)).json();
    expect(dayAfter.violations).toMatchObject([{ code: 'PURCHASE_LIMIT', rule: NJ_MED }]);
    expect(dayAfter.limits[0]).toMatchObject({ max: NJ_MED_MAX });
  });

  it('only patient-adjustable limits go on file; the record shows them, omitting them keeps them, [] clears them, and changes are audited', async () => {
    const id = await patient('Ida');
    const entry = { limit: NJ_MED, max: 100_000, documentedBy: 'practitioner', expiresOn: '2026-06-30' };
    for (const [bad, path] of [
      [[{ ...entry, limit: 'us-nj.limit.au-equivalency' }], ['body', 'limitAllowances', 0, 'limit']],
      [[{ ...entry, limit: 'us-nj.limit.med-90-days' }], ['body', 'limitAllowances', 0, 'limit']],
      [[{ ...entry, documentedBy: 'hearsay' }], ['body', 'limitAllowances', 0, 'documentedBy']],
      [[{ ...entry, max: 0 }], ['body', 'limitAllowances', 0, 'max']],
      [[{ ...entry, expiresOn: 'soon' }], ['body', 'limitAllowances', 0, 'expiresOn']],
      [[entry, entry], ['body', 'limitAllowances', 1, 'limit']],
    ] as const) {
      const res = await setMedical(id, 'Ida', bad);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.map((d: { path: unknown }) => d.path)).toContainEqual(path);
    }

    // A budtender keeps the card up to date but may not raise what the patient may buy.
    const asBudtender = (limitAllowances?: unknown) =>
      server.request({
        method: 'PUT',
        url: `/v1/customers/${id}/medical`,
        cookie: budtender,
        body: { cardNumber: 'NJ-IDA-0001', cardJurisdiction: 'US-NJ', cardExpiresOn: yearsFromToday(2), ...(limitAllowances !== undefined && { limitAllowances }) },
      });
    const refused = await asBudtender([entry]);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'FORBIDDEN', details: { path: ['body', 'limitAllowances'], permission: 'compliance:override' } });

    const set = await setMedical(id, 'Ida', [entry]);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().medical.limitAllowances).toEqual([entry]);
    const renewed = await setMedical(id, 'Ida');
    expect(renewed.json().medical.limitAllowances).toEqual([entry]);
    // The budtender renews the card, the list as it is on file or left out: allowed. Clearing it is not.
    expect((await asBudtender()).statusCode).toBe(200);
    expect((await asBudtender([entry])).statusCode).toBe(200);
    expect((await asBudtender([])).statusCode).toBe(403);
    expect((await check(id, 100)).json().allowed).toBe(true);
    const cleared = await setMedical(id, 'Ida', []);
    expect(cleared.json().medical.limitAllowances).toEqual([]);
    expect((await check(id, 100)).json().allowed).toBe(false);

    const audit = await sql<{ action: string; after: { limitAllowances: unknown } }>`
      select action, after from audit_log where entity_id = ${id} and action like 'customer.medical.%' order by occurred_at, id`.execute(db());
    expect(audit.rows.map((r) => r.after.limitAllowances)).toEqual([[], [entry], [entry], [entry], [entry], []]);
  });

  it('the rules API takes customer.limitAllowances, and OpenAPI documents it and the record field', async () => {
    const body = (limitAllowances: unknown) => ({
      jurisdiction: 'US-NJ',
      at: CHECK_AT,
      channel: 'in_store',
      customer: { kind: 'medical', birthDate: '1980-03-01', medicalCard: { number: 'X-1', jurisdiction: 'US-NJ', expiresOn: '2027-01-01' }, limitAllowances },
      lines: [flower(100)],
    });
    const ok = await server.request({ method: 'POST', url: '/v1/rules/evaluate', cookie: budtender, body: body([{ limit: NJ_MED, max: 120_000 }]) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ allowed: true, limits: [{ id: NJ_MED, max: 120_000 }] });
    const bad = await server.request({ method: 'POST', url: '/v1/rules/evaluate', cookie: budtender, body: body([{ limit: 'us-nj.limit.au-equivalency', max: 120_000 }]) });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.json().error.details)).toContain('limitAllowances');
    const doc = JSON.stringify((await server.request({ method: 'GET', url: '/openapi.json' })).json());
    expect(doc).toContain('Per-patient maximums set by the patient’s practitioner');
    expect(doc).toContain('Limits the patient’s practitioner raised for this patient');
  });

  it('an allowance on file for a limit the pack in effect no longer lets be raised is not applied: sales go on at the pack maximum and the check names it', async () => {
    // Saved when an earlier pack version marked the limit adjustable; today's New Jersey pack does
    // not mark its adult-use limit so (the API refuses such an entry now, so it is written directly).
    const stale = { limit: 'us-nj.limit.au-equivalency', max: 500_000, documentedBy: 'practitioner', expiresOn: '2026-06-30' };
    const current = { limit: NJ_MED, max: 100_000, documentedBy: 'practitioner', expiresOn: yearsFromToday(1) };
    const both = await patient('Stella');
    const onlyStale = await patient('Otto');
    const put = (customerId: string, list: unknown[]) =>
      sql`update medical_patient set limit_allowances = ${JSON.stringify(list)}::jsonb where customer_id = ${customerId}`.execute(db());
    await put(both, [stale, current]);
    await put(onlyStale, [stale]);

    const checked = await check(both, 90);
    expect(checked.statusCode, checked.body).toBe(200);
    expect(checked.json()).toMatchObject({ allowed: true, applied: { allowancesNotApplied: [stale.limit] } });
    expect(checked.json().limits).toMatchObject([{ id: NJ_MED, max: 100_000, allowance: { applied: true } }]);
    expect((await posSale(both, 25)).statusCode).toBe(201);

    const held = await check(onlyStale, 86);
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({ allowed: false, applied: { allowancesNotApplied: [stale.limit] } });
    expect(held.json().violations).toMatchObject([{ code: 'PURCHASE_LIMIT', rule: NJ_MED }]);
    const sale = await posSale(onlyStale, 24); // 84 g: within the pack maximum
    expect(sale.statusCode, sale.body).toBe(201);
    expect((await check(await patient('Nora'), 10)).json().applied.allowancesNotApplied).toEqual([]);
  });

  it('an allowance for another jurisdiction’s limit stays out of this store’s sales', async () => {
    const id = await patient('Cal', [{ limit: 'us-ca.limit.med-dried-flower', max: 400_000, documentedBy: 'recommendation', expiresOn: '2026-06-30' }]);
    const res = await check(id, 86);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().violations).toMatchObject([{ code: 'PURCHASE_LIMIT', rule: NJ_MED }]);
  });
});
