// Product facts the jurisdiction packs tax by, from the catalog to the compliance engine: a SKU's
// THCA % (Illinois taxes by adjusted THC, ref L113) and its Washington DOH compliance (patients are
// exempt at an endorsed store only on DOH-compliant products, ref L29, L110). Each is set through
// the catalog API and reaches the engine on every path a sale is decided on: the register's quote
// and sale, an online cart, and the compliance check. Worked by hand from
// /work/shared/reference/regulations.md and the packs (us-il.ts, us-wa.ts).
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packsApi } from '../support/packs-api';
import { type Json, taxCodes, taxOf } from '../support/packs-cases';

const walkInIllinois = { kind: 'adult_use', birthDate: '1980-01-01', idJurisdiction: 'US-IL' };

describe('product facts reach the compliance engine', () => {
  const api = packsApi('Packs Facts');
  beforeAll(() => api.start());
  afterAll(() => api.close());
  const { storeIn, product, adult, patient, quote, sell, check, newCart, addLine } = api;

  const patchSku = (skuId: string, body: Json) => api.server.request({ method: 'PATCH', url: `/v1/catalog/skus/${skuId}`, cookie: api.owner, body });
  const getSku = async (skuId: string): Promise<Json> => (await api.server.request({ method: 'GET', url: `/v1/catalog/skus/${skuId}`, cookie: api.owner })).json();
  const skuColumns = (skuId: string) =>
    sql<{ thca_percent: string | null; doh_compliant: boolean; updated_at: Date }>`select thca_percent, doh_compliant, updated_at from sku where id = ${skuId}`
      .execute(api.db())
      .then((r) => r.rows[0]);
  const paths = (answer: Json) => (answer.error.details as Array<{ path: unknown }>).map((d) => d.path);
  const cartTotals = async (storeId: string, customerId: string, skuId: string): Promise<Json> => {
    const view = await addLine(await newCart(storeId, customerId, 'pickup'), { skuId, quantity: 1 });
    expect(view.statusCode, view.body).toBe(200);
    return view.json();
  };

  describe('Illinois: THCA counts toward the 35% adjusted-THC line [ref L113]', () => {
    // ref L113 (sure): excise 10% on non-infused cannabis of adjusted THC ≤ 35%, 25% above;
    // adjusted THC = Δ9-THC % + 0.877 × THCA %; state ROT 6.25% on the selling price, excise not in
    // its base (us-il.ts: IL_EXCISE_10 / IL_EXCISE_25 / IL_ROT; no local rate set at this store).
    // A $100.00 flower of 30% THC and 8% THCA: 30 + 0.877 × 8 = 30 + 7.016 = 37.016% > 35%:
    //   excise 25% × $100.00 = $25.00, ROT 6.25% × $100.00 = $6.25, total $131.25.
    // The same flower without THCA on its label: 30% ≤ 35%:
    //   excise 10% × $100.00 = $10.00, ROT $6.25, total $116.25.
    it('a flower of 30% THC + 8% THCA pays the 25% excise at the register, in a cart, in the check and in the sale; without THCA it pays 10%', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const strong = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 30, thcaPercent: 8 }, 10000, 5);
      const plain = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 30 }, 10000, 5);
      expect(await getSku(strong.id)).toMatchObject({ thcPercent: 30, thcaPercent: 8, dohCompliant: false });
      expect(await getSku(plain.id)).toMatchObject({ thcPercent: 30, thcaPercent: null });

      const strongQuote = await quote(il.id, walkInIllinois, [{ skuId: strong.id, quantity: 1 }]);
      expect([taxOf(strongQuote, 'IL_EXCISE_25'), taxOf(strongQuote, 'IL_EXCISE_10') ?? 0, taxOf(strongQuote, 'IL_ROT')]).toEqual([2500, 0, 625]);
      expect(strongQuote.totals.totalCents).toBe(13125);
      const plainQuote = await quote(il.id, walkInIllinois, [{ skuId: plain.id, quantity: 1 }]);
      expect([taxOf(plainQuote, 'IL_EXCISE_25') ?? 0, taxOf(plainQuote, 'IL_EXCISE_10'), taxOf(plainQuote, 'IL_ROT')]).toEqual([0, 1000, 625]);
      expect(plainQuote.totals.totalCents).toBe(11625);

      const customerId = await adult('1980-01-01', 'US-IL');
      const cart = await cartTotals(il.id, customerId, strong.id);
      expect(taxCodes(cart)).toEqual(['IL_EXCISE_25', 'IL_ROT']);
      expect(cart.totals.totalCents).toBe(13125);

      // The check names the SKU by its code and leaves THCA out: the catalog's 8% is counted.
      const line = (sku: string) => ({ sku, category: 'flower', quantity: 1, unitPriceCents: 10000, netWeightMg: 3500, thcPercent: 30 });
      const checked = await check({ storeId: il.id, customer: walkInIllinois, channel: 'in_store', lines: [line(strong.code), line(plain.code)] });
      expect([taxOf(checked, 'IL_EXCISE_25'), taxOf(checked, 'IL_EXCISE_10')]).toEqual([2500, 1000]);

      const order = await sell(il.id, customerId, [{ skuId: strong.id, quantity: 1 }]);
      expect(order.totalCents).toBe(13125);
      const stored = await api.db().selectFrom('sales_order_line').select('taxes').where('order_id', '=', order.id).executeTakeFirstOrThrow();
      expect((stored.taxes as Array<{ code: string; amountCents: number }>).filter((t) => t.amountCents > 0).map((t) => [t.code, t.amountCents])).toEqual([
        ['IL_EXCISE_25', 2500],
        ['IL_ROT', 625],
      ]);
    });

    it('changing or clearing a SKU’s THCA % changes the excise of the very next quote', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 30 }, 10000);
      const excise = async () => {
        const q = await quote(il.id, walkInIllinois, [{ skuId: flower.id, quantity: 1 }]);
        return taxCodes(q).filter((c) => c.startsWith('IL_EXCISE'));
      };
      expect(await excise()).toEqual(['IL_EXCISE_10']);
      // 30 + 0.877 × 5.7 = 34.9989%: still at most 35%.
      expect((await patchSku(flower.id, { thcaPercent: 5.7 })).statusCode).toBe(200);
      expect(await excise()).toEqual(['IL_EXCISE_10']);
      // 30 + 0.877 × 5.71 = 35.00767%: over.
      const over = await patchSku(flower.id, { thcaPercent: 5.71 });
      expect(over.statusCode, over.body).toBe(200);
      expect(over.json().skus[0]).toMatchObject({ thcaPercent: 5.71 });
      expect(await excise()).toEqual(['IL_EXCISE_25']);
      expect((await patchSku(flower.id, { thcaPercent: null })).statusCode).toBe(200);
      expect(await excise()).toEqual(['IL_EXCISE_10']);
    });
  });

  describe('Ohio: a potency cap compares the same adjusted THC', () => {
    it('a flower of 30% THC + 8% THCA (37.016%) is over SB 56’s 35% flower cap; without THCA it is sold [ref L32]', async () => {
      // ref L32 (likely): SB 56, effective ~2026-03 (the pack: 2026-03-19), caps flower at 35% THC.
      // The pack compares adjusted THC as the tax does: 30 + 0.877 × 8 = 37.016% > 35%.
      const oh = await storeIn('US-OH', 'America/New_York');
      const strong = await product(oh, 'flower', { netWeightMg: 3500, thcPercent: 30, thcaPercent: 8 }, 4000);
      const plain = await product(oh, 'flower', { netWeightMg: 3500, thcPercent: 30 }, 4000);
      const customerId = await adult();
      const at = '2026-06-01T12:00:00-04:00';
      const line = (sku: string) => ({ sku, category: 'flower', quantity: 1, unitPriceCents: 4000, netWeightMg: 3500, thcPercent: 30 });
      const refused = await check({ storeId: oh.id, customerId, channel: 'in_store', at, lines: [line(strong.code)] });
      expect(refused.violations.map((v: Json) => v.rule)).toEqual(['us-oh.product.sb56-flower-potency']);
      expect((await check({ storeId: oh.id, customerId, channel: 'in_store', at, lines: [line(plain.code)] })).violations).toEqual([]);
    });
  });

  describe('Washington: the patient exemption needs a DOH-compliant product [ref L29, L110]', () => {
    // ref L29 (sure): recognition-card patients exempt from the 37% excise on DOH-compliant products
    // at medically endorsed stores (2024-06-06 to 2029-06-30); ref L110: and from the sales tax.
    // The excise is inside the shelf price: $13.70 = $10.00 + 37% ($3.70); sales tax 6.5% × $10.00
    // = $0.65. A patient on a DOH-compliant product pays $13.70 − $3.70 = $10.00 and no sales tax;
    // on any other product $13.70 + $0.65 = $14.35, as an adult-use customer does.
    it('a patient at an endorsed store is exempt on a DOH-compliant product and pays both taxes on one that is not: register, cart, check and sale', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const certified = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20, dohCompliant: true }, 1370, 5);
      const uncertified = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1370, 5);
      expect(await getSku(certified.id)).toMatchObject({ dohCompliant: true });
      // The default: not certified until someone says so.
      expect(await getSku(uncertified.id)).toMatchObject({ dohCompliant: false });
      const customerId = await patient('US-WA');

      const exempt = await quote(wa.id, customerId, [{ skuId: certified.id, quantity: 1 }]);
      expect(taxCodes(exempt)).toEqual([]);
      expect(exempt.totals.totalCents).toBe(1000);
      const taxed = await quote(wa.id, customerId, [{ skuId: uncertified.id, quantity: 1 }]);
      expect(taxCodes(taxed)).toEqual(['WA_EXCISE', 'WA_SALES']);
      expect([taxOf(taxed, 'WA_EXCISE'), taxOf(taxed, 'WA_SALES')]).toEqual([370, 65]);
      expect(taxed.totals.totalCents).toBe(1435);

      expect((await cartTotals(wa.id, customerId, certified.id)).totals.totalCents).toBe(1000);
      expect((await cartTotals(wa.id, customerId, uncertified.id)).totals.totalCents).toBe(1435);

      const line = (sku: string) => ({ sku, category: 'flower', quantity: 1, unitPriceCents: 1370, netWeightMg: 3500, thcPercent: 20 });
      expect((await check({ storeId: wa.id, customerId, channel: 'in_store', lines: [line(certified.code)] })).totalCents).toBe(1000);
      expect((await check({ storeId: wa.id, customerId, channel: 'in_store', lines: [line(uncertified.code)] })).totalCents).toBe(1435);

      expect((await sell(wa.id, customerId, [{ skuId: certified.id, quantity: 1 }])).totalCents).toBe(1000);
      expect((await sell(wa.id, customerId, [{ skuId: uncertified.id, quantity: 1 }])).totalCents).toBe(1435);
    });

    it('certifying a product through the API exempts the patient’s next quote; withdrawing it taxes again', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const flower = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1370);
      const customerId = await patient('US-WA');
      const total = async () => (await quote(wa.id, customerId, [{ skuId: flower.id, quantity: 1 }])).totals.totalCents;
      expect(await total()).toBe(1435);
      const certified = await patchSku(flower.id, { dohCompliant: true });
      expect(certified.statusCode, certified.body).toBe(200);
      expect(certified.json().skus[0]).toMatchObject({ dohCompliant: true });
      expect(await total()).toBe(1000);
      expect((await patchSku(flower.id, { dohCompliant: false })).statusCode).toBe(200);
      expect(await total()).toBe(1435);
    });

    it('the check: a line that names no catalog SKU is not DOH-compliant unless it says so; what a line states wins over the catalog', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const uncertified = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1370);
      const customerId = await patient('US-WA');
      const line = (sku: string, facts: Json = {}) => ({ sku, category: 'flower', quantity: 1, unitPriceCents: 1370, netWeightMg: 3500, thcPercent: 20, ...facts });
      const total = async (l: Json) => (await check({ storeId: wa.id, customerId, channel: 'in_store', lines: [l] })).totalCents;
      expect(await total(line('NOT-IN-THE-CATALOG'))).toBe(1435);
      expect(await total(line('NOT-IN-THE-CATALOG', { dohCompliant: true }))).toBe(1000);
      expect(await total(line(uncertified.code, { dohCompliant: true }))).toBe(1000);
    });
  });

  describe('Washington: THC compounds other than Δ9, at most 0.5 mg each and 1 mg combined per serving [ref L237]', () => {
    // ref L237 (sure): WAC 314-55-095 caps "other THC compounds ≤0.5 mg each, ≤1 mg combined per
    // serving" (us-wa.product.other-thc-per-serving, adult-use, infused products, from 2025-01-07).
    // A 10-serving pack of 10 mg Δ9 gummies with 0.6 mg Δ8 a serving is over the 0.5 mg each;
    // 0.4 mg Δ8 + 0.4 mg THCP (0.8 mg combined) is under both. A gummy whose SKU states no figures
    // sells (the pack's ifUnknown 'skip').
    const RULE = 'us-wa.product.other-thc-per-serving';
    const gummyFacts = { netWeightMg: 30_000, thcMg: 100, thcMgPerServing: 10 };
    const skuOther = (skuId: string) =>
      sql<{ other_thc_mg_per_serving: unknown }>`select other_thc_mg_per_serving from sku where id = ${skuId}`.execute(api.db()).then((r) => r.rows[0].other_thc_mg_per_serving);

    it('the figures are set on create and patch, shown on the SKU, and cleared with null', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const gummy = await product(wa, 'edible', { ...gummyFacts, otherThcMgPerServing: { delta8_thc: 0.4, thcp: 0.125 } }, 2000);
      expect(await getSku(gummy.id)).toMatchObject({ otherThcMgPerServing: { delta8_thc: 0.4, thcp: 0.125 } });
      expect(await skuOther(gummy.id)).toEqual({ delta8_thc: 0.4, thcp: 0.125 });
      const changed = await patchSku(gummy.id, { otherThcMgPerServing: { hhc: 0.2 } });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().skus[0]).toMatchObject({ otherThcMgPerServing: { hhc: 0.2 } });
      // {} states "none found"; null clears it to "not stated".
      expect((await patchSku(gummy.id, { otherThcMgPerServing: {} })).json().skus[0].otherThcMgPerServing).toEqual({});
      expect((await patchSku(gummy.id, { otherThcMgPerServing: null })).json().skus[0].otherThcMgPerServing).toBeNull();
      expect(await skuOther(gummy.id)).toBeNull();
      const plain = await product(wa, 'edible', gummyFacts, 2000);
      expect(await getSku(plain.id)).toMatchObject({ otherThcMgPerServing: null });
    });

    it('a WA store refuses the SKU over the cap with PRODUCT_NOT_PERMITTED at its line, sells the one under it and the one without figures', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const over = await product(wa, 'edible', { ...gummyFacts, otherThcMgPerServing: { delta8_thc: 0.6 } }, 2000, 5);
      const under = await product(wa, 'edible', { ...gummyFacts, otherThcMgPerServing: { delta8_thc: 0.4, thcp: 0.4 } }, 2000, 5);
      const unstated = await product(wa, 'edible', gummyFacts, 2000, 5);
      const customerId = await adult('1980-01-01', 'US-WA');
      // The check names the SKUs by code and states none of their facts: the catalog's figures are judged.
      const line = (sku: string) => ({ sku, category: 'edible', quantity: 1, unitPriceCents: 2000, ...gummyFacts });
      const refused = await check({ storeId: wa.id, customerId, channel: 'in_store', lines: [line(under.code), line(over.code)] });
      expect(refused.allowed).toBe(false);
      expect(refused.violations).toMatchObject([{ code: 'PRODUCT_NOT_PERMITTED', rule: RULE, lines: [1], confidence: 'sure', source: { refs: ['S19'] } }]);
      expect(refused.packVersion).toBe('US-WA@2026.12.16');
      for (const sold of [under, unstated]) {
        const ok = await check({ storeId: wa.id, customerId, channel: 'in_store', lines: [line(sold.code)] });
        expect(ok.violations, sold.code).toEqual([]);
        expect(ok.allowed).toBe(true);
      }
      // What a line states wins over the catalog, as for the other facts.
      expect((await check({ storeId: wa.id, customerId, channel: 'in_store', lines: [{ ...line(over.code), otherThcMgPerServing: { delta8_thc: 0.5 } }] })).violations).toEqual([]);
      // A register sale judges the catalog's figures too: refused whole, the one under the cap sold.
      const sale = await api.server.request({
        method: 'POST',
        url: `/v1/stores/${wa.id}/pos-sales`,
        cookie: await api.server.login('manager'),
        body: { id: uuidv7(), customerId, lines: [{ skuId: under.id, quantity: 1 }, { skuId: over.id, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
      });
      expect([sale.statusCode, sale.json().error?.code], sale.body).toEqual([422, 'COMPLIANCE_BLOCKED']);
      expect(JSON.stringify(sale.json().error.details)).toContain(RULE);
      expect((await sell(wa.id, customerId, [{ skuId: under.id, quantity: 1 }])).status).toBe('completed');
    });

    it('bad figures are 400 VALIDATION_FAILED at the compound and change nothing', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const gummy = await product(wa, 'edible', { ...gummyFacts, otherThcMgPerServing: { delta8_thc: 0.4 } }, 2000);
      const before = await skuOther(gummy.id);
      for (const [other, path] of [
        [{ cbd: 1 }, ['body', 'otherThcMgPerServing', 'cbd']],
        [{ delta9_thc: 1 }, ['body', 'otherThcMgPerServing', 'delta9_thc']],
        [{ thcp: -0.1 }, ['body', 'otherThcMgPerServing', 'thcp']],
        [{ thcp: 10_000.5 }, ['body', 'otherThcMgPerServing', 'thcp']],
        [{ thcp: 0.1234 }, ['body', 'otherThcMgPerServing', 'thcp']],
        [{ thcp: '0.5' }, ['body', 'otherThcMgPerServing', 'thcp']],
        [[0.5], ['body', 'otherThcMgPerServing']],
      ] as const) {
        const res = await patchSku(gummy.id, { otherThcMgPerServing: other });
        expect(res.statusCode, JSON.stringify(other)).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
        expect(paths(res.json()), JSON.stringify(other)).toEqual([path]);
      }
      expect(await skuOther(gummy.id)).toEqual(before);
      const created = await api.server.request({
        method: 'POST',
        url: '/v1/catalog/products',
        cookie: api.owner,
        body: { title: `Packs Facts other THC ${api.uniq()}`, category: 'edible', skus: [{ code: `PF-OTHC-${api.uniq()}`, ...gummyFacts, otherThcMgPerServing: { thcx: 1 } }] },
      });
      expect(created.statusCode).toBe(400);
      expect(paths(created.json())).toEqual([['body', 'skus', 0, 'otherThcMgPerServing', 'thcx']]);
    });
  });

  describe('bad values are refused at their field and change nothing', () => {
    it('thcaPercent outside 0–100 or not a number, and dohCompliant not a boolean, are 400 VALIDATION_FAILED with the field path', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 30, thcaPercent: 8, dohCompliant: true }, 10000);
      const before = await skuColumns(flower.id);
      for (const [body, path] of [
        [{ thcaPercent: 100.5 }, ['body', 'thcaPercent']],
        [{ thcaPercent: -1 }, ['body', 'thcaPercent']],
        [{ thcaPercent: '8' }, ['body', 'thcaPercent']],
        [{ dohCompliant: 'yes' }, ['body', 'dohCompliant']],
        [{ dohCompliant: null }, ['body', 'dohCompliant']],
      ] as const) {
        const res = await patchSku(flower.id, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
        expect(paths(res.json()), JSON.stringify(body)).toEqual([path]);
      }
      expect(await skuColumns(flower.id)).toEqual(before);

      const created = await api.server.request({
        method: 'POST',
        url: '/v1/catalog/products',
        cookie: api.owner,
        body: { title: `Packs Facts refused ${api.uniq()}`, category: 'flower', skus: [{ code: `PF-BAD-${api.uniq()}`, netWeightMg: 3500, thcaPercent: 101 }] },
      });
      expect(created.statusCode).toBe(400);
      expect(created.json().error.code).toBe('VALIDATION_FAILED');
      expect(paths(created.json())).toEqual([['body', 'skus', 0, 'thcaPercent']]);
    });
  });
});
