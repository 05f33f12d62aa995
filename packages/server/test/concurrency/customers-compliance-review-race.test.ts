// PostgreSQL only: races found by a review of customers and compliance. Each failed on the code
// before its fix: a medical card registered on two records at once (a 500 from the unique key),
// local tax periods added at once (a 500, or two open periods), and a caregiver link ended while
// the caregiver's sales for the patient were in flight (a sale committed after the link ended).
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers, stockedSku } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('customers and compliance races (PostgreSQL)', () => {
  let server: TestServer;
  let cookie: string;
  const db = () => server.platform.database.db;

  beforeAll(async () => {
    server = await startTestServer();
    cookie = await server.login('manager');
  });
  afterAll(() => server.close());

  const answer = (r: { statusCode: number; json(): { error?: { code: string } } }) => `${r.statusCode}${r.statusCode >= 400 ? ` ${r.json().error?.code}` : ''}`;

  it('one medical card registered on 10 records at once: one holds it, the rest 409 MEDICAL_CARD_TAKEN, never a 500', async () => {
    const ids = await customers(db(), server.organizationId, 10);
    const answers = await Promise.all(
      ids.map((id) =>
        server.request({ method: 'PUT', url: `/v1/customers/${id}/medical`, cookie, body: { cardNumber: 'MMIC-SAME-4242', cardJurisdiction: 'US-CA', cardExpiresOn: '2035-12-31' } }),
      ),
    );
    const outcomes = answers.map(answer).sort();
    expect(outcomes).toEqual(['200', ...Array(9).fill('409 MEDICAL_CARD_TAKEN')]);
    const holders = await sql<{ n: number }>`select count(*)::int as n from medical_patient where customer_id in (select unnest(${ids}::uuid[]))`.execute(db());
    expect(holders.rows[0].n).toBe(1);
    // Only the holder became a patient, and only its change was audited.
    const medical = await sql<{ n: number }>`select count(*)::int as n from customer where id in (select unnest(${ids}::uuid[])) and kind = 'medical'`.execute(db());
    expect(medical.rows[0].n).toBe(1);
  });

  it('tax rate periods added to one store at once: never a 500, and the periods never overlap', async () => {
    const store = await server.request({
      method: 'POST',
      url: '/v1/stores',
      cookie: await server.login('owner'),
      body: { name: 'Race Tax Store', licenseNumber: `T-RACE-TAX-${process.pid}-${Date.now()}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles' },
    });
    expect(store.statusCode, store.body).toBe(201);
    const storeId = store.json().id;
    // Eight different start dates and each one twice: the same date once is a 409 TAX_SETTING_EXISTS.
    const starts = Array.from({ length: 8 }, (_, i) => `2031-0${i + 1}-01`);
    const answers = await Promise.all(
      [...starts, ...starts].map((effectiveFrom, i) =>
        server.request({
          method: 'POST',
          url: `/v1/stores/${storeId}/tax-settings`,
          cookie,
          body: { localSalesTaxRate: 0.01 * (1 + (i % 8)), localCannabisTaxRate: 0, effectiveFrom, reason: 'race' },
        }),
      ),
    );
    const outcomes = answers.map(answer);
    for (const o of outcomes) expect(['201', '409 TAX_SETTING_EXISTS', '409 TAX_SETTING_OVERLAP']).toContain(o);
    expect(outcomes.filter((o) => o === '201').length).toBeGreaterThan(0);
    const periods = await sql<{ from: string; to: string | null }>`
      select effective_from::text as from, effective_to::text as to from store_tax_setting where store_id = ${storeId} order by effective_from`.execute(db());
    // One period per start, each ending the day before the next starts: no day with two rates.
    expect(new Set(periods.rows.map((p) => p.from)).size).toBe(periods.rows.length);
    for (let i = 0; i < periods.rows.length - 1; i++) {
      const dayBefore = new Date(`${periods.rows[i + 1].from}T00:00:00Z`);
      dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
      expect(periods.rows[i].to, JSON.stringify(periods.rows)).toBe(dayBefore.toISOString().slice(0, 10));
    }
    expect(periods.rows.at(-1)!.to).toBeNull();
  });

  it('a caregiver link ended while 20 of the caregiver’s sales for the patient race it: none commits after the end answered', async () => {
    const fx = await stockedSku(db(), server.organizationId, { quantity: 100, code: 'HH-GDP-35' });
    const [patientId, caregiverId] = await customers(db(), server.organizationId, 2);
    const card = await server.request({ method: 'PUT', url: `/v1/customers/${patientId}/medical`, cookie, body: { cardNumber: 'MMIC-CARE-0001', cardJurisdiction: 'US-CA', cardExpiresOn: '2035-12-31' } });
    expect(card.statusCode, card.body).toBe(200);
    const link = await server.request({ method: 'POST', url: `/v1/customers/${patientId}/caregivers`, cookie, body: { caregiverCustomerId: caregiverId } });
    expect(link.statusCode, link.body).toBe(201);

    const sale = () =>
      server.request({
        method: 'POST',
        url: `/v1/stores/${fx.storeId}/pos-sales`,
        cookie,
        body: { id: uuidv7(), customerId: patientId, caregiverId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 1_000_000 }] },
      });
    const committed = async () =>
      (await sql<{ id: string }>`select id from sales_order where customer_id = ${patientId} and customer->>'caregiverId' = ${caregiverId}::text`.execute(db())).rows.map((r) => r.id);

    let firstAnswer!: () => void;
    const firstAnswered = new Promise<void>((resolve) => (firstAnswer = resolve));
    const firstHalf = Array.from({ length: 10 }, () => sale().finally(() => firstAnswer()));
    await firstAnswered;
    const ended = server
      .request({ method: 'DELETE', url: `/v1/customers/${patientId}/caregivers/${link.json().id}`, cookie })
      .then(async (response) => ({ response, atAnswer: await committed() }));
    const secondHalf = Array.from({ length: 10 }, () => sale());
    const [sales, { response, atAnswer }] = await Promise.all([Promise.all([...firstHalf, ...secondHalf]), ended]);

    expect(response.statusCode, response.body).toBe(204);
    const after = await committed();
    expect(after.filter((id) => !atAnswer.includes(id)), 'sales for the patient committed after the link ended').toEqual([]);
    for (const s of sales) expect(['201', '422 CAREGIVER_NOT_LINKED']).toContain(answer(s));
    const created = sales.filter((s) => s.statusCode === 201).length;
    expect(created, 'the race really happened').toBeGreaterThan(0);
    expect(created).toBeLessThan(20);
    expect(after).toHaveLength(created);
    const late = await sale();
    expect(answer(late)).toBe('422 CAREGIVER_NOT_LINKED');
  });
});
