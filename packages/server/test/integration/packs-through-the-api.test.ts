// Acceptance cases worked from /work/shared/reference/regulations.md (the "reference") and run
// through Verdant's HTTP API on a real database: register quotes and sales, online carts and the
// compliance check. The rules package's case files already test the packs against the reference
// table by table; these cases test what the server feeds the engine on the way: the catalog's
// category, weight, THC and package facts, the customer's record (kind, birth date, ID state,
// medical card and its kind and expiry), the purchase history recorded by earlier sales and the
// window it is read over, the store's local date and time, the channel, and the discounts in the
// tax base. Every case names the reference line it rests on (`ref L<n>`); expected figures are
// worked by hand from the reference, never read back from the packs.
//
// Register sales and quotes run on the real clock, so cases that need a fixed date use the
// compliance check (which takes `at`); history recorded by a register sale is moved to a fixed
// instant by rewriting its usage rows' time, which is what the limit engine reads.
//
// Tax arithmetic (ref L262): each tax over the whole sale, rounded half-up to the cent once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packsApi } from '../support/packs-api';
import type { TestServer } from '../support/test-server';
import { addDays, codes, type Json, limitRules, localDateOf, localInstant, taxCodes, taxOf } from '../support/packs-cases';

describe('jurisdiction packs through the API: what a sale actually does', () => {
  const api = packsApi('Packs API');
  let server: TestServer;
  let owner: string;
  let manager: string;
  beforeAll(async () => {
    server = await api.start();
    ({ owner, manager } = api);
  });
  afterAll(() => api.close());
  const { storeIn, product, adult, patient, quote, sell, check, madeAt } = api;

  const rawFlower = (grams: number, priceCents = 10000) => ({ sku: 'RAW-FLOWER', category: 'flower', quantity: 1, unitPriceCents: priceCents, netWeightMg: grams * 1000, thcMg: grams * 200, thcPercent: 20 });

  // ---- taxes: what is in the base -------------------------------------------------------------

  describe('tax bases', () => {
    // At a store with no promotions, a register line's manual discount once never reached the
    // engine's line (taxed on $120, total $139.92 with the $20 discount left out).
    it('Michigan: a manager’s discount at the register comes off the excise and sales-tax base ($120 − $20 → $10.00 + $6.60) [ref L112]', async () => {
      // ref L112: "Sales tax base includes the excise: $100 → $10.00 excise + 6% × $110 = $6.60";
      // the excise is "10% of sales price", the price the customer pays after the discount.
      const mi = await storeIn('US-MI', 'America/Detroit');
      const flower = await product(mi, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 12000, 2);
      const line = { skuId: flower.id, quantity: 1, override: { discountCents: 2000, reason: 'damaged jar' } };
      const q = await quote(mi.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [line]);
      expect(q.totals.discountCents).toBe(2000);
      expect(taxOf(q, 'MI_EXCISE')).toBe(1000);
      expect(taxOf(q, 'MI_SALES')).toBe(660);
      expect(q.totals.totalCents).toBe(11660);
      const order = await sell(mi.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [line]);
      expect(order.totalCents).toBe(11660);
    });

    it('Michigan: the same discount with a coupon code entered (none applies) is taxed on $100 [ref L112]', async () => {
      const mi = await storeIn('US-MI', 'America/Detroit');
      const flower = await product(mi, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 12000);
      const line = { skuId: flower.id, quantity: 1, override: { discountCents: 2000, reason: 'damaged jar' } };
      const q = await quote(mi.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [line], { couponCodes: ['NO-SUCH-CODE'] });
      expect(taxOf(q, 'MI_EXCISE')).toBe(1000);
      expect(taxOf(q, 'MI_SALES')).toBe(660);
      expect(q.totals.totalCents).toBe(11660);
    });

    it('Michigan: the same sale without a discount: $120 → $12.00 excise + 6% × $132 = $7.92 [ref L112]', async () => {
      const mi = await storeIn('US-MI', 'America/Detroit');
      const flower = await product(mi, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 12000);
      const q = await quote(mi.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [{ skuId: flower.id, quantity: 1 }]);
      expect(taxOf(q, 'MI_EXCISE')).toBe(1200);
      expect(taxOf(q, 'MI_SALES')).toBe(792);
      expect(q.totals.totalCents).toBe(13992);
    });

    it('Michigan: a patient on file pays the 6% sales tax and no excise [ref L112 medical]', async () => {
      const mi = await storeIn('US-MI', 'America/Detroit');
      const flower = await product(mi, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const q = await quote(mi.id, await patient('US-MI'), [{ skuId: flower.id, quantity: 1 }]);
      expect(taxCodes(q)).toEqual(['MI_SALES']);
      expect(taxOf(q, 'MI_SALES')).toBe(600);
    });

    it('Michigan: a patient with another state’s card is served as a patient (no excise) [ref L45, L112]', async () => {
      const mi = await storeIn('US-MI', 'America/Detroit');
      const flower = await product(mi, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const q = await quote(mi.id, await patient('US-OH'), [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(q)).toEqual([]);
      expect(taxCodes(q)).toEqual(['MI_SALES']);
    });

    it('Oregon: 17% state tax for adult use; a registry cardholder pays none of it (sales before 2028-01-01) [ref L111]', async () => {
      const or = await storeIn('US-OR', 'America/Los_Angeles');
      const flower = await product(or, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const au = await quote(or.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [{ skuId: flower.id, quantity: 1 }]);
      expect(au.totals.taxCents).toBe(1700);
      const med = await quote(or.id, await patient('US-OR'), [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(med)).toEqual([]);
      expect(med.totals.taxCents).toBe(0);
    });

    it('Massachusetts: taxes are rounded once on the whole sale, not per line (2 × $1.06: excise 23¢, sales 13¢) [ref L114, L262]', async () => {
      const ma = await storeIn('US-MA', 'America/New_York');
      const a = await product(ma, 'pre_roll', { netWeightMg: 500, thcPercent: 20 }, 106);
      const b = await product(ma, 'pre_roll', { netWeightMg: 500, thcPercent: 20 }, 106);
      const q = await quote(ma.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [{ skuId: a.id, quantity: 1 }, { skuId: b.id, quantity: 1 }]);
      // 10.75% × $2.12 = 22.79¢ → 23¢ (per line 11.395¢ → 11¢ twice = 22¢); 6.25% × $2.12 = 13.25¢ → 13¢ (per line 6.625¢ → 7¢ twice = 14¢).
      expect(taxOf(q, 'MA_EXCISE')).toBe(23);
      expect(taxOf(q, 'MA_SALES')).toBe(13);
      expect(q.totals.taxCents).toBe(36);
      expect(q.totals.totalCents).toBe(248);
      // The lines' shares add up to the sale's taxes.
      expect(q.lines.reduce((s: number, l: Json) => s + l.taxCents, 0)).toBe(36);
    });

    it('Massachusetts: a registered patient pays none of the three taxes [ref L114 medical]', async () => {
      const ma = await storeIn('US-MA', 'America/New_York');
      const flower = await product(ma, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const q = await quote(ma.id, await patient('US-MA'), [{ skuId: flower.id, quantity: 1 }]);
      expect(taxCodes(q)).toEqual([]);
      expect(q.totals.totalCents).toBe(10000);
    });

    it('California: a county card (MMIC) spares the sales tax, a recommendation alone does not; the excise applies to both [ref L108 medical]', async () => {
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const flower = await product(ca, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const withCard = await quote(ca.id, await patient('US-CA', { kind: 'registry_card' }), [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(withCard)).toEqual([]);
      expect(taxOf(withCard, 'CA_EXCISE')).toBe(1500);
      expect(taxOf(withCard, 'CA_SALES') ?? 0).toBe(0);
      const withLetter = await quote(ca.id, await patient('US-CA', { kind: 'recommendation' }), [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(withLetter)).toEqual([]);
      expect(taxOf(withLetter, 'CA_EXCISE')).toBe(1500);
      // 7.25% × ($100 + $15 excise) = 8.3375 → $8.34 (the sales-tax base includes the excise).
      expect(taxOf(withLetter, 'CA_SALES')).toBe(834);
    });

    it('Washington: the 37% excise is inside the shelf price; sales tax is 6.5% of the price before excise; a patient pays neither [ref L29, L110, L131]', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      // The patient exemption is for DOH-compliant products (ref L29, L110): this one is certified.
      const flower = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20, dohCompliant: true }, 1370);
      const q = await quote(wa.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [{ skuId: flower.id, quantity: 1 }]);
      // $13.70 = $10.00 + 37% excise ($3.70); sales tax 6.5% × $10.00 = $0.65.
      const excise = (q.taxes as Json[]).find((t) => t.includedInPrice);
      expect(excise?.amountCents).toBe(370);
      expect((q.taxes as Json[]).filter((t) => !t.includedInPrice).map((t) => t.amountCents)).toEqual([65]);
      expect(q.totals.totalCents).toBe(1435);
      // A recognition-card patient (at a medically endorsed store, since 2024-06-06) pays neither: the
      // $13.70 shelf price less its $3.70 excise [ref L29, L110 medical].
      const med = await quote(wa.id, await patient('US-WA'), [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(med)).toEqual([]);
      expect(taxCodes(med)).toEqual([]);
      expect(med.totals.totalCents).toBe(1000);
      // A store without the medical endorsement says so; its patients pay as anyone does [ref L110:
      // exempt "at medically endorsed store"].
      const unendorsed = await server.request({ method: 'PATCH', url: `/v1/stores/${wa.id}`, cookie: owner, body: { medicalEndorsement: false } });
      expect(unendorsed.statusCode, unendorsed.body).toBe(200);
      expect(unendorsed.json().medicalEndorsement).toBe(false);
      const taxed = await quote(wa.id, await patient('US-WA'), [{ skuId: flower.id, quantity: 1 }]);
      expect(taxed.totals.totalCents).toBe(1435);
    });

    it('Nevada: sales tax on the price without the 10% excise; a medical card holder pays no excise even for an adult-use sale [ref L115]', async () => {
      const nv = await storeIn('US-NV', 'America/Los_Angeles');
      const flower = await product(nv, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const au = await quote(nv.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [{ skuId: flower.id, quantity: 1 }]);
      expect(au.totals.taxCents).toBe(1000 + 685);
      const med = await quote(nv.id, await patient('US-NV'), [{ skuId: flower.id, quantity: 1 }]);
      expect(med.totals.taxCents).toBe(685);
    });

    it('Colorado: adult use pays the 15% retail marijuana sales tax and not the 2.9%; a patient pays the 2.9% and not the 15% [ref L109, L130]', async () => {
      const co = await storeIn('US-CO', 'America/Denver');
      const flower = await product(co, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const au = await quote(co.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [{ skuId: flower.id, quantity: 1 }]);
      expect(au.totals.taxCents).toBe(1500);
      const med = await quote(co.id, await patient('US-CO'), [{ skuId: flower.id, quantity: 1 }]);
      expect(med.totals.taxCents).toBe(290);
    });
    it('Ohio: 10% excise and 5.75% sales tax, neither on the other; a patient pays the sales tax only [ref L121, L142]', async () => {
      const oh = await storeIn('US-OH', 'America/New_York');
      const flower = await product(oh, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const au = await quote(oh.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [{ skuId: flower.id, quantity: 1 }]);
      expect(au.totals.taxCents).toBe(1000 + 575);
      const med = await quote(oh.id, await patient('US-OH'), [{ skuId: flower.id, quantity: 1 }]);
      expect(med.totals.taxCents).toBe(575);
    });

    it('Illinois: infused products carry the 20% excise and flower 10%; a patient pays only the 1% medical ROT [ref L113, L134]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const gummies = await product(il, 'edible', { thcMg: 100, thcMgPerServing: 10, packCount: 10 }, 10000);
      const au = await quote(il.id, { kind: 'adult_use', birthDate: '1980-01-01', idJurisdiction: 'US-IL' }, [{ skuId: flower.id, quantity: 1 }, { skuId: gummies.id, quantity: 1 }]);
      expect(taxOf(au, 'IL_EXCISE_10')).toBe(1000);
      expect(taxOf(au, 'IL_EXCISE_20')).toBe(2000);
      // ROT 6.25% on the $200 selling price, the excise left out of its base.
      expect(taxOf(au, 'IL_ROT')).toBe(1250);
      const med = await quote(il.id, await patient('US-IL'), [{ skuId: flower.id, quantity: 1 }, { skuId: gummies.id, quantity: 1 }]);
      expect(taxCodes(med)).toEqual(['IL_ROT_MEDICAL']);
      expect(taxOf(med, 'IL_ROT_MEDICAL')).toBe(200);
    });

    it('New Jersey: 6.625% sales tax for adult use, none for a registered patient [ref L118, L139]', async () => {
      const nj = await storeIn('US-NJ', 'America/New_York');
      const flower = await product(nj, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const au = await quote(nj.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [{ skuId: flower.id, quantity: 1 }]);
      // 6.625% × $100 = 662.5¢ → 663¢ (half-up).
      expect(au.totals.taxCents).toBe(663);
      const med = await quote(nj.id, await patient('US-NJ'), [{ skuId: flower.id, quantity: 1 }]);
      expect(med.totals.taxCents).toBe(0);
    });
  });

  // ---- effective dates and ages on the store's local date -------------------------------------

  describe('the store’s local date', () => {
    it('California: the 19% excise runs to 23:59 on 2025-09-30 Pacific and 15% holds from midnight, whatever the UTC date [ref L25, L26]', async () => {
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const customerId = await adult();
      const at = (date: string, time: string) => localInstant(ca.timezone, date, time);
      const last = await check({ storeId: ca.id, customerId, channel: 'in_store', at: at('2025-09-30', '23:59:00'), lines: [rawFlower(3.5)] });
      expect(taxOf(last, 'CA_EXCISE')).toBe(1900);
      const first = await check({ storeId: ca.id, customerId, channel: 'in_store', at: at('2025-10-01', '00:00:30'), lines: [rawFlower(3.5)] });
      expect(taxOf(first, 'CA_EXCISE')).toBe(1500);
      const start = await check({ storeId: ca.id, customerId, channel: 'in_store', at: at('2025-07-01', '00:00:30'), lines: [rawFlower(3.5)] });
      expect(taxOf(start, 'CA_EXCISE')).toBe(1900);
      const before = await check({ storeId: ca.id, customerId, channel: 'in_store', at: at('2025-06-30', '23:59:00'), lines: [rawFlower(3.5)] });
      expect(taxOf(before, 'CA_EXCISE')).toBe(1500);
    });

    it('Maryland: 9% through 2025-06-30 and 12% from 2025-07-01, store-local [ref L27, L119]', async () => {
      const md = await storeIn('US-MD', 'America/New_York');
      const customerId = await adult();
      const at = (date: string, time: string) => localInstant(md.timezone, date, time);
      const june = await check({ storeId: md.id, customerId, channel: 'in_store', at: at('2025-06-30', '23:59:00'), lines: [rawFlower(3.5)] });
      expect(taxOf(june, 'MD_CANNABIS')).toBe(900);
      const july = await check({ storeId: md.id, customerId, channel: 'in_store', at: at('2025-07-01', '00:00:30'), lines: [rawFlower(3.5)] });
      expect(taxOf(july, 'MD_CANNABIS')).toBe(1200);
    });

    it('California: a customer on file turns 21 at store-local midnight, not at UTC midnight [ref L41]', async () => {
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const customerId = await adult('2004-11-16');
      // 23:30 on the 15th in California is already the 16th in UTC.
      const eve = await check({ storeId: ca.id, customerId, channel: 'in_store', at: localInstant(ca.timezone, '2025-11-15', '23:30:00'), lines: [rawFlower(1)] });
      expect(codes(eve)).toContain('UNDERAGE');
      const day = await check({ storeId: ca.id, customerId, channel: 'in_store', at: localInstant(ca.timezone, '2025-11-16', '00:30:00'), lines: [rawFlower(1)] });
      expect(codes(day)).not.toContain('UNDERAGE');
    });

    it('Colorado medical: a patient on file aged 20 may buy 2 g of concentrate a day, 8 g from the 21st birthday (store-local) [ref L88]', async () => {
      const co = await storeIn('US-CO', 'America/Denver');
      const customerId = await patient('US-CO', {}, '2004-11-16');
      const conc = (grams: number) => ({ sku: 'RAW-CONC', category: 'concentrate', quantity: grams, unitPriceCents: 2000, netWeightMg: 1000, thcMg: 800, thcPercent: 80 });
      const at = (date: string, time: string) => localInstant(co.timezone, date, time);
      // 22:30 on the 15th in Denver is the 16th in UTC: the patient is still 20.
      expect(codes(await check({ storeId: co.id, customerId, channel: 'in_store', at: at('2025-11-15', '10:00:00'), lines: [conc(2)] }))).toEqual([]);
      expect(limitRules(await check({ storeId: co.id, customerId, channel: 'in_store', at: at('2025-11-15', '22:30:00'), lines: [conc(3)] })).length).toBe(1);
      expect(codes(await check({ storeId: co.id, customerId, channel: 'in_store', at: at('2025-11-16', '09:00:00'), lines: [conc(8)] }))).toEqual([]);
      expect(limitRules(await check({ storeId: co.id, customerId, channel: 'in_store', at: at('2025-11-16', '09:00:00'), lines: [conc(9)] })).length).toBe(1);
    });

    it('California: a medical card on file counts through its expiry date, store-local; the next day the patient is not sold to as a patient [ref L108 medical]', async () => {
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const customerId = await patient('US-CA', { kind: 'registry_card', expiresOn: '2025-11-15' });
      const lastDay = await check({ storeId: ca.id, customerId, channel: 'in_store', at: localInstant(ca.timezone, '2025-11-15', '21:30:00'), lines: [rawFlower(3.5)] });
      expect(lastDay.context.customerKind).toBe('medical');
      expect(taxOf(lastDay, 'CA_SALES') ?? 0).toBe(0);
      const after = await check({ storeId: ca.id, customerId, channel: 'in_store', at: localInstant(ca.timezone, '2025-11-16', '08:00:00'), lines: [rawFlower(3.5)] });
      expect(codes(after)).toEqual(['MEDICAL_CARD_INVALID']);
    });
  });

  // ---- purchase limits with history recorded by real sales ------------------------------------

  describe('limits over history', () => {
    it('a purchase at the organization’s store in another state does not count against this state’s limits [ref L65, L227: limits are each state’s]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const co = await storeIn('US-CO', 'America/Denver');
      const ilFlower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 20);
      const coFlower = await product(co, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 20);
      const customerId = await adult('1980-01-01', 'US-IL');
      await sell(il.id, customerId, [{ skuId: ilFlower.id, quantity: 7 }]); // 24.5 g in Illinois today
      // Colorado adult use: one ounce (28 g) a day. Counting Illinois's 24.5 g, 7 g more would be over.
      const inColorado = await check({ storeId: co.id, customerId, channel: 'in_store', lines: [rawFlower(7)] });
      expect(codes(inColorado)).toEqual([]);
      // Bought in Colorado, it counts there: 24.5 g + 7 g is over.
      await sell(co.id, customerId, [{ skuId: coFlower.id, quantity: 7 }]);
      const again = await check({ storeId: co.id, customerId, channel: 'in_store', lines: [rawFlower(7)] });
      expect(codes(again)).toEqual(['PURCHASE_LIMIT']);
    });

    it('Illinois medical: 2.5 oz per 14 days counts a register sale made 13 store-local days earlier, not one 14 days earlier (DST week) [ref L92]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 20);
      const customerId = await patient('US-IL');
      const order = await sell(il.id, customerId, [{ skuId: flower.id, quantity: 20 }]); // 70,000 mg
      // The sale is moved to 23:30 on 2025-11-02 in Chicago (CST, the day daylight time ended): 05:30 UTC on the 3rd.
      await madeAt(order.id, localInstant(il.timezone, '2025-11-02', '23:30:00'));
      const at = (date: string, time: string) => localInstant(il.timezone, date, time);
      // 2.5 oz = 70,873.75 mg; 70,000 + 1,000 is over. Nov 2 … Nov 15 are the 14 days.
      const inside = await check({ storeId: il.id, customerId, channel: 'in_store', at: at('2025-11-15', '21:00:00'), lines: [rawFlower(1)] });
      expect(limitRules(inside)).toEqual(['us-il.limit.med-14-days']);
      const outside = await check({ storeId: il.id, customerId, channel: 'in_store', at: at('2025-11-16', '06:30:00'), lines: [rawFlower(1)] });
      expect(codes(outside)).toEqual([]);
    });

    it('Colorado: flower, concentrate and edibles sum to one ounce across an online order and a register sale the same day, not the day before [ref L65]', async () => {
      const co = await storeIn('US-CO', 'America/Denver');
      const flower = await product(co, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 8);
      const conc = await product(co, 'concentrate', { netWeightMg: 1000, thcMg: 800, thcPercent: 80 }, 1000, 8);
      const edible = await product(co, 'edible', { thcMg: 100, thcMgPerServing: 10, packCount: 10 }, 1000, 8);
      const small = await product(co, 'edible', { thcMg: 10, thcMgPerServing: 10 }, 500, 8);
      const topical = await product(co, 'topical', { netWeightMg: 50000, thcMg: 200 }, 500, 8);
      const customerId = await adult();

      // 14 g of flower picked up online: 14/28 = ½ ounce.
      const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: co.id, customerId, channel: 'pickup' } })).json();
      expect((await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: flower.id, quantity: 4 } })).statusCode).toBe(200);
      await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { pickup: { name: 'Pat Adult', phone: '+13035550100' } } });
      const done = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
      expect(done.statusCode, done.body).toBe(201);

      // + 2 g concentrate (¼) + 200 mg edibles (¼) = exactly one ounce; a topical does not count.
      const full = [{ skuId: conc.id, quantity: 2 }, { skuId: edible.id, quantity: 2 }, { skuId: topical.id, quantity: 1 }];
      const atLimit = await quote(co.id, customerId, full);
      expect(codes(atLimit)).toEqual([]);
      const over = await quote(co.id, customerId, [...full, { skuId: small.id, quantity: 1 }]);
      expect(limitRules(over).length).toBeGreaterThan(0);

      // The online order moved to 23:59 yesterday (store-local) no longer counts today.
      const today = localDateOf(co.timezone, new Date());
      await madeAt(done.json().order.id, localInstant(co.timezone, addDays(today, -1), '23:59:00'));
      expect(codes(await quote(co.id, customerId, [...full, { skuId: small.id, quantity: 1 }]))).toEqual([]);
    });

    it('Illinois: a customer on file with a Wisconsin ID buys half the resident amount (15 g), at the register and as a walk-in [ref L69, L220]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000);
      const five = [{ skuId: flower.id, quantity: 5 }]; // 17.5 g
      const four = [{ skuId: flower.id, quantity: 4 }]; // 14 g
      expect(limitRules(await quote(il.id, await adult('1980-01-01', 'US-WI'), five))).toEqual(['us-il.limit.au-nonresident-flower']);
      expect(codes(await quote(il.id, await adult('1980-01-01', 'US-WI'), four))).toEqual([]);
      expect(codes(await quote(il.id, await adult('1980-01-01', 'US-IL'), five))).toEqual([]);
      expect(limitRules(await quote(il.id, { kind: 'adult_use', birthDate: '1980-01-01', idJurisdiction: 'US-WI' }, five))).toEqual(['us-il.limit.au-nonresident-flower']);
    });

    it('California: flower sold by the gram and bought earlier today counts toward today’s 28.5 g [ref L64]', async () => {
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const bulk = await product(ca, 'flower', { unit: 'weight', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 20 }, 1000, 100_000);
      const customerId = await adult();
      await sell(ca.id, customerId, [{ skuId: bulk.id, quantity: 20 }]);
      expect(codes(await quote(ca.id, customerId, [{ skuId: bulk.id, quantity: 8 }]))).toEqual([]);
      expect(limitRules(await quote(ca.id, customerId, [{ skuId: bulk.id, quantity: 9 }]))).toEqual(['us-ca.limit.au-non-concentrated']);
    });

    it('California: flower sold by the gram counts every gram (28 g allowed, 29 g over 28.5 g) [ref L64]', async () => {
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const bulk = await product(ca, 'flower', { unit: 'weight', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 20 }, 1000);
      expect(codes(await quote(ca.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [{ skuId: bulk.id, quantity: 28 }]))).toEqual([]);
      expect(limitRules(await quote(ca.id, { kind: 'adult_use', birthDate: '1980-01-01' }, [{ skuId: bulk.id, quantity: 29 }]))).toEqual(['us-ca.limit.au-non-concentrated']);
    });
  });

  // ---- product caps, channels, customers -----------------------------------------------------

  describe('products, channels and customers', () => {
    it('California: edible caps are per package and per serving, whatever the quantity on the line [ref L235]', async () => {
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const ok = await product(ca, 'edible', { thcMg: 100, thcMgPerServing: 10, packCount: 10 }, 2000);
      const strong = await product(ca, 'edible', { thcMg: 110, thcMgPerServing: 10, packCount: 11 }, 2000);
      const dose = await product(ca, 'edible', { thcMg: 60, thcMgPerServing: 12, packCount: 5 }, 2000);
      const buyer = { kind: 'adult_use', birthDate: '1980-01-01' };
      expect(codes(await quote(ca.id, buyer, [{ skuId: ok.id, quantity: 3 }]))).toEqual([]);
      const refusedPackage = await quote(ca.id, buyer, [{ skuId: strong.id, quantity: 1 }]);
      expect(refusedPackage.allowed).toBe(false);
      const refusedServing = await quote(ca.id, buyer, [{ skuId: dose.id, quantity: 1 }]);
      expect(refusedServing.allowed).toBe(false);
    });

    it('Illinois: an online delivery order is refused; a pickup order is not [ref L157]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 4);
      const customerId = await adult('1980-01-01', 'US-IL');
      const cartFor = async (channel: string) => {
        const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: il.id, customerId, channel } });
        if (cart.statusCode !== 201) return cart;
        return server.request({ method: 'POST', url: `/v1/carts/${cart.json().id}/lines`, cookie: manager, body: { skuId: flower.id, quantity: 1 } });
      };
      const delivery = await cartFor('delivery');
      expect(delivery.statusCode, delivery.body).toBe(422);
      expect(delivery.json().error.details.violations.map((v: Json) => v.code)).toEqual(['DELIVERY_NOT_ALLOWED']);
      const pickup = await cartFor('pickup');
      expect(pickup.statusCode, pickup.body).toBe(200);
    });

    it('California: an online delivery to a K-12 school is refused; to a residence it completes [ref L152]', async () => {
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const flower = await product(ca, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 4);
      const customerId = await adult();
      const deliverTo = async (addressType: string, region = 'CA') => {
        const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: ca.id, customerId, channel: 'delivery' } })).json();
        const added = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: flower.id, quantity: 1 } });
        expect(added.statusCode, added.body).toBe(200);
        const address = { line1: '100 Main St', city: region === 'CA' ? 'Oakland' : 'Reno', region, postalCode: region === 'CA' ? '94612' : '89501' };
        const set = await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { delivery: { name: 'Pat Adult', phone: '+15105550100', address, addressType } } });
        if (set.statusCode !== 200) return set;
        return server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
      };
      const school = await deliverTo('school');
      expect(school.statusCode, school.body).toBe(422);
      expect(school.json().error.details.violations.map((v: Json) => v.code)).toEqual(['DELIVERY_NOT_ALLOWED']);
      const home = await deliverTo('residence');
      expect(home.statusCode, home.body).toBe(201);
    });

    it('California: an online delivery from a California store to a Nevada address is refused [ref L152]', async () => {
      // ref L152 (sure): delivery "only to a physical address in CA". The address's region reaches
      // the engine as its jurisdiction (it once did not, and the order completed).
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const flower = await product(ca, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 2);
      const cart = (await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: ca.id, customerId: await adult(), channel: 'delivery' } })).json();
      expect((await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/lines`, cookie: manager, body: { skuId: flower.id, quantity: 1 } })).statusCode).toBe(200);
      const address = { line1: '100 N Virginia St', city: 'Reno', region: 'NV', postalCode: '89501' };
      const set = await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: { delivery: { name: 'Pat Adult', phone: '+17755550100', address, addressType: 'residence' } } });
      const done = set.statusCode === 200 ? await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } }) : set;
      expect(done.statusCode, done.body).toBe(422);
      expect(done.json().error.details.violations).toMatchObject([{ code: 'DELIVERY_NOT_ALLOWED', rule: 'us-ca.delivery.allowed' }]);
      // The same cart to a California address (the state typed out) goes.
      const home = { delivery: { name: 'Pat Adult', phone: '+15105550100', address: { line1: '1 Broadway', city: 'Oakland', region: 'California', postalCode: '94607' }, addressType: 'residence' } };
      expect((await server.request({ method: 'PUT', url: `/v1/carts/${cart.id}/fulfillment`, cookie: manager, body: home })).statusCode).toBe(200);
      const sold = await server.request({ method: 'POST', url: `/v1/carts/${cart.id}/complete`, cookie: manager, body: { tenders: [{ kind: 'simulator' }] } });
      expect(sold.statusCode, sold.body).toBe(201);
    });

    it('Arizona: a visiting patient with another state’s card cannot buy as a patient [ref L49, L225]', async () => {
      const az = await storeIn('US-AZ', 'America/Phoenix');
      const flower = await product(az, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const visitor = await quote(az.id, await patient('US-CA'), [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(visitor)).toEqual(['MEDICAL_CARD_INVALID']);
      const local = await quote(az.id, await patient('US-AZ'), [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(local)).toEqual([]);
    });
  });
});
