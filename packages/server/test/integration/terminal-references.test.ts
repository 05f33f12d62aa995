// A card terminal's approval reference names one payment of a store on a day. A register sale that
// gives a reference already recorded there that day (an earlier sale, the same reference twice in
// a split, or two registers sending it at once) is refused with 409 TERMINAL_REFERENCE_USED at that
// tender, and writes nothing: no order, no payment, the stock as it was. Approval codes repeat over
// time, so the same code on another day, at another store or organization is another payment.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

describe('card terminal references', () => {
  let server: TestServer;
  let budtender: string;
  let fx: CheckoutFixture;
  const db = () => server.platform.database.db;
  const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' } as const;

  beforeAll(async () => {
    server = await startTestServer();
    budtender = await server.login('budtender');
    fx = await stockedSku(db(), server.organizationId, { quantity: 20 });
  });
  afterAll(() => server?.close());

  const sale = (id: string, tenders: unknown[]) =>
    server.request({ method: 'POST', url: `/v1/stores/${fx.storeId}/pos-sales`, cookie: budtender, body: { id, customer: walkIn, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders } });
  const terminal = (terminalReference: string, amountCents?: number) => ({ kind: 'terminal', terminalReference, cardLast4: '4242', ...(amountCents ? { amountCents } : {}) });
  const payments = (reference: string) => db().selectFrom('payment').select(['order_id']).where('provider', '=', 'terminal').where('authorization_ref', '=', reference).execute();
  async function refusedAt(response: Awaited<ReturnType<typeof sale>>, saleId: string, index: number) {
    expect(response.statusCode, response.body).toBe(409);
    expect(response.json().error).toMatchObject({ code: 'TERMINAL_REFERENCE_USED', details: { path: ['body', 'tenders', index, 'terminalReference'] } });
    expect(await db().selectFrom('sales_order').select('id').where('id', '=', saleId).execute()).toEqual([]);
    expect(await db().selectFrom('payment').select('id').where('order_id', '=', saleId).execute()).toEqual([]);
  }

  it('refuses a reference an earlier sale recorded, and one given twice in a split, changing nothing', async () => {
    const first = uuidv7();
    const paid = await sale(first, [terminal('APPROVAL-1001')]);
    expect(paid.statusCode, paid.body).toBe(201);
    const stock = await ledgerMatches(db(), fx.packageId);

    const again = uuidv7();
    await refusedAt(await sale(again, [terminal('APPROVAL-1001')]), again, 0);
    const split = uuidv7();
    await refusedAt(await sale(split, [terminal('APPROVAL-2002', 1000), terminal('APPROVAL-2002')]), split, 1);
    expect(await payments('APPROVAL-1001')).toEqual([{ order_id: first }]);
    expect(await payments('APPROVAL-2002')).toEqual([]);
    expect(await ledgerMatches(db(), fx.packageId)).toEqual(stock);
  });

  it('two registers sending one reference at the same moment: one sale, one refusal, never a 500', async () => {
    const ids = [uuidv7(), uuidv7()];
    const answers = await Promise.all(ids.map((id) => sale(id, [terminal('APPROVAL-3003')])));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const refused = answers.findIndex((a) => a.statusCode === 409);
    await refusedAt(answers[refused], ids[refused], 0);
    expect(await payments('APPROVAL-3003')).toEqual([{ order_id: ids[1 - refused] }]);
  });

  it('an approval code repeats across days, stores and organizations: only the same store on the same day refuses it', async () => {
    // Recorded yesterday here, and today at another organization's store: both leave today's sale alone.
    const yesterday = new Date(Date.now() - 26 * 3600_000);
    const recorded = (organizationId: string, storeId: string, reference: string, createdAt: Date) =>
      db()
        .insertInto('payment')
        .values({ id: uuidv7(), organization_id: organizationId, store_id: storeId, order_id: null, provider: 'terminal', status: 'captured', amount_cents: 100, tendered_cents: null, authorization_ref: reference, details: '{}', created_at: createdAt })
        .execute();
    await recorded(server.organizationId, fx.storeId, 'APPROVAL-4004', yesterday);
    await recorded(uuidv7(), uuidv7(), 'APPROVAL-5005', new Date());
    for (const reference of ['APPROVAL-4004', 'APPROVAL-5005']) {
      const paid = await sale(uuidv7(), [terminal(reference)]);
      expect(paid.statusCode, `${reference}: ${paid.body}`).toBe(201);
    }
    // The same code again today at this store is the same payment recorded twice.
    const twice = uuidv7();
    await refusedAt(await sale(twice, [terminal('APPROVAL-4004')]), twice, 0);
  });

  it('a split whose second reference was recorded earlier on the store’s day names that tender, also while the store’s date is not the UTC date', async () => {
    // A store whose date differs from UTC's now: twelve hours behind before noon UTC, fourteen
    // ahead after (the time zone is the store's own; hours and prices do not depend on it here).
    const before = await db().selectFrom('store').select('timezone').where('id', '=', fx.storeId).executeTakeFirstOrThrow();
    const timezone = new Date().getUTCHours() < 12 ? 'Etc/GMT+12' : 'Etc/GMT-14';
    await db().updateTable('store').set({ timezone }).where('id', '=', fx.storeId).execute();
    try {
      await db()
        .insertInto('payment')
        .values({ id: uuidv7(), organization_id: server.organizationId, store_id: fx.storeId, order_id: null, provider: 'terminal', status: 'captured', amount_cents: 100, tendered_cents: null, authorization_ref: 'APPROVAL-6006', details: '{}' })
        .execute();
      const split = uuidv7();
      await refusedAt(await sale(split, [terminal('APPROVAL-7007', 1000), terminal('APPROVAL-6006')]), split, 1);
    } finally {
      await db().updateTable('store').set({ timezone: before.timezone }).where('id', '=', fx.storeId).execute();
    }
  });
});
