// Two `verdant serve` processes on one PostgreSQL: a change made through process A reaches what
// process B prices, taxes and prints with well within B's cache TTL. B learns of each change from
// its published event (outbox → sequencer → NOTIFY → B's event feed), not from its entry expiring.
//
// Why a pass proves that: the test first lets every entry B holds expire (it waits out the TTL), so
// B's reads just before the changes load afresh; the changes are answered less than 3 s after
// those loads, and B must show each within PROPAGATION_MS (1 s) of its answer: before the 5 s TTL
// could have let the entry go. With the subscription removed, every case stays stale and fails.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_RULES_CACHE_MS } from '../../src/modules/compliance/store-rules';
import { startChildServer, type ChildServer } from '../support/child-server';
import { customers, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { startTestServer, type TestServer } from '../support/test-server';

/** The TTL of B's caches (store context, promotions, store rules, loyalty program, cash rounding: all 5 s). */
const TTL_MS = STORE_RULES_CACHE_MS;
const PROPAGATION_MS = 1_000;

interface Case<T> {
  name: string;
  /** Reads through B what the change shows in. */
  readOnB: () => Promise<T>;
  changed: (value: T) => boolean;
  changeOnA: () => Promise<unknown>;
}

const caseOf = <T>(c: Case<T>): Case<unknown> => ({ ...c, changed: (value) => c.changed(value as T) });

describe('two server processes on one PostgreSQL: cached settings follow changes made through the other', () => {
  let seeded: TestServer;
  let a: ChildServer;
  let b: ChildServer;
  let manager: string;
  let fx: CheckoutFixture;
  let buyer: string;
  let cartId: string;
  let couponCartId: string;
  let orderOnB: string;

  const call = async (server: ChildServer, method: string, url: string, body?: unknown) => {
    const response = await fetch(`${server.url}${url}`, {
      method,
      headers: { cookie: manager, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    expect(response.status, text).toBeLessThan(300);
    return { text, json: (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined };
  };
  /** A register sale rung on B, to a walk-in (polling with sales must not meet a customer's daily limit). */
  const saleOnB = async (tenders: unknown[] = [{ kind: 'simulator' }]) =>
    (await call(b, 'POST', `/v1/stores/${fx.storeId}/pos-sales`, { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders }))
      .json;
  const localCannabisTax = (order: { lines: Array<{ taxes: Array<{ code: string; amountCents: number }> }> }) =>
    order.lines[0].taxes.find((t) => t.code === 'CA_LOCAL_CANNABIS')?.amountCents ?? 0;

  beforeAll(async () => {
    seeded = await startTestServer();
    manager = await seeded.login('manager');
    fx = await stockedSku(seeded.platform.database.db, seeded.organizationId, { quantity: 200 });
    [buyer] = await customers(seeded.platform.database.db, seeded.organizationId, 1);
    [a, b] = await Promise.all([startChildServer(seeded.testDb.url as string), startChildServer(seeded.testDb.url as string)]);
    cartId = (await call(b, 'POST', '/v1/carts', { storeId: fx.storeId, customerId: buyer, channel: 'pickup' })).json.id;
    await call(b, 'POST', `/v1/carts/${cartId}/lines`, { skuId: fx.skuId, quantity: 1 });
    orderOnB = (await saleOnB()).order.id;
    // A coupon with one use left, entered on a second cart of B's.
    await call(a, 'POST', '/v1/promotions', { storeId: fx.storeId, name: 'Once only', codes: ['ONCEONLY'], maxUses: 1, action: { type: 'fixed_off_order', amountCents: 100 } });
    couponCartId = (await call(b, 'POST', '/v1/carts', { storeId: fx.storeId, customerId: buyer, channel: 'pickup' })).json.id;
    await call(b, 'POST', `/v1/carts/${couponCartId}/lines`, { skuId: fx.skuId, quantity: 1 });
    await call(b, 'PUT', `/v1/carts/${couponCartId}/coupons`, { codes: ['ONCEONLY'] });
  });
  afterAll(async () => {
    for (const child of [a, b]) child?.process.kill('SIGKILL');
    await seeded?.close();
  });

  it('promotions, local taxes, the loyalty program, cash rounding and the store changed through A are used by B within 1 s', async () => {
    const program = (await call(a, 'GET', '/v1/loyalty/program')).json.program;
    const cases: Array<Case<unknown>> = [
      caseOf({
        name: 'promotion created',
        readOnB: async () => (await call(b, 'GET', `/v1/carts/${cartId}`)).json.totals.discountCents as number,
        changed: (discountCents: number) => discountCents === 250,
        changeOnA: () => call(a, 'POST', '/v1/promotions', { storeId: fx.storeId, name: '$2.50 off every order', receiptLabel: 'XPROC250', action: { type: 'fixed_off_order', amountCents: 250 } }),
      }),
      caseOf({
        name: 'local tax period added',
        readOnB: async () => localCannabisTax((await saleOnB()).order),
        changed: (cents: number) => cents > 0,
        changeOnA: () => call(a, 'POST', `/v1/stores/${fx.storeId}/tax-settings`, { localSalesTaxRate: 0.02, localCannabisTaxRate: 0.1, effectiveFrom: '2025-01-01', reason: 'two-process test' }),
      }),
      caseOf({
        name: 'loyalty program switched off',
        readOnB: async () => (await call(b, 'GET', `/v1/loyalty/accounts/${buyer}`)).json.programActive as boolean,
        changed: (active: boolean) => active === false,
        changeOnA: () => call(a, 'PUT', '/v1/loyalty/program', { program, active: false }),
      }),
      caseOf({
        name: 'cash rounding set to 25¢',
        readOnB: async () => {
          const sale = await saleOnB([{ kind: 'cash', tenderedCents: 1_000_000 }]);
          return { total: sale.order.totalCents as number, roundedDue: sale.payments[0].details.roundedDueCents as number };
        },
        // (A total that is a whole quarter would never show the change: the test would fail, not pass.)
        changed: ({ total, roundedDue }: { total: number; roundedDue: number }) => total % 25 !== 0 && roundedDue % 25 === 0 && Math.abs(roundedDue - total) <= 12,
        changeOnA: () => call(a, 'PUT', `/v1/stores/${fx.storeId}/payment-settings`, { cashRoundingCents: 25 }),
      }),
      caseOf({
        name: 'store renamed',
        readOnB: async () => (await call(b, 'GET', `/v1/orders/${orderOnB}/receipt`)).text,
        changed: (html: string) => html.includes('Renamed through A'),
        changeOnA: () => call(a, 'PATCH', `/v1/stores/${fx.storeId}`, { name: 'Renamed through A' }),
      }),
    ];

    // Every entry B holds expires; the reads below load what is current and B caches it.
    await new Promise((r) => setTimeout(r, TTL_MS + 200));
    const loadedAt = Date.now();
    for (const c of cases) expect(c.changed(await c.readOnB()), `${c.name}: B shows it before it is made`).toBe(false);

    const answeredAt = new Map<Case<unknown>, number>();
    for (const c of cases) {
      await c.changeOnA();
      answeredAt.set(c, Date.now());
    }
    expect(Date.now() - loadedAt).toBeLessThan(TTL_MS - PROPAGATION_MS - 1_000);

    const lag = new Map<string, number>();
    let pending = [...cases];
    while (pending.length > 0) {
      for (const c of pending) if (c.changed(await c.readOnB())) lag.set(c.name, Date.now() - answeredAt.get(c)!);
      pending = pending.filter((c) => !lag.has(c.name) && Date.now() - answeredAt.get(c)! <= PROPAGATION_MS);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(cases.filter((c) => !lag.has(c.name)).map((c) => c.name), 'still stale in B 1 s after A answered').toEqual([]);
    for (const c of cases) expect(lag.get(c.name)).toBeLessThanOrEqual(PROPAGATION_MS);

    // A sale priced in B now applies all of it.
    const sale = await saleOnB([{ kind: 'cash', tenderedCents: 1_000_000 }]);
    expect(sale.order.discountCents).toBe(250);
    expect(localCannabisTax(sale.order)).toBeGreaterThan(0);
    expect(sale.payments[0].details.roundedDueCents % 25).toBe(0);
  });
  it('a coupon whose last use a sale through A took is no longer offered by B within 1 s (promotions.promotion.exhausted)', async () => {
    const rejectedOnB = async () =>
      ((await call(b, 'GET', `/v1/carts/${couponCartId}`)).json.promotions.rejected as Array<{ code: string }>).some((r) => r.code === 'ONCEONLY');
    // B's promotions entry expires and is loaded again with one use left; nothing else changes
    // promotions from here on, so only the sale's own event can tell B.
    await new Promise((r) => setTimeout(r, TTL_MS + 200));
    expect(await rejectedOnB(), 'B offers the coupon before its last use is taken').toBe(false);
    const sale = await call(a, 'POST', `/v1/stores/${fx.storeId}/pos-sales`, {
      id: uuidv7(),
      customer: { kind: 'adult_use', birthDate: '1980-01-01' },
      lines: [{ skuId: fx.skuId, quantity: 1 }],
      tenders: [{ kind: 'simulator' }],
      couponCodes: ['ONCEONLY'],
    });
    expect((sale.json.promotions.applied as Array<{ code?: string }>).map((p) => p.code)).toContain('ONCEONLY');
    const answeredAt = Date.now();
    let lag: number | null = null;
    while (lag === null && Date.now() - answeredAt <= PROPAGATION_MS) {
      if (await rejectedOnB()) lag = Date.now() - answeredAt;
      else await new Promise((r) => setTimeout(r, 20));
    }
    expect(lag, 'B still offers the used-up coupon 1 s after the sale').not.toBeNull();
  });
});
