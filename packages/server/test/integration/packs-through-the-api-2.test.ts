// Second round of acceptance cases worked from /work/shared/reference/regulations.md (the
// "reference") and run through Verdant's HTTP API on a real database. The first round
// (packs-through-the-api.test.ts) covered tax bases, store-local dates, limits over history and a
// few product and delivery rules; this round covers what it did not: the same sale on every
// channel, returns and voids giving limit usage back, patients' ages, products and allowances,
// sale and hand-over hours at the edges of the store's day (with the pack's own hours, not the
// around-the-clock hours other tests' stores get), same-day delivery cut-offs and order caps, and
// local tax rates set per store through the tax-settings API. Every case names the reference line
// it rests on (`ref L<n>`); expected figures are worked by hand from the reference.
//
// Register quotes, sales and carts run on the real clock; cases that need a fixed time use the
// compliance check (which takes `at`), and history recorded by a register sale is moved to a
// fixed instant by rewriting its usage rows' time, which is what the limit engine reads.
//
// Tax arithmetic (ref L262): each tax over the whole sale, rounded half-up to the cent once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packsApi, type PacksSku as Sku, type PacksStore as Store } from '../support/packs-api';
import type { TestServer } from '../support/test-server';
import { openAroundTheClock } from '../support/open-hours';
import { addDays, codes, type Json, limitRules, localDateOf, localInstant, rules, taxCodes, taxOf } from '../support/packs-cases';

/** The store-local hour (0–23) of an instant. */
function localHourOf(timeZone: string, at: Date): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(at));
}

/** The violations of a 422 COMPLIANCE_BLOCKED answer. */
const refusal = (res: { json(): any }): Json => ({ violations: res.json().error.details.violations });

describe('jurisdiction packs through the API, second round', () => {
  const api = packsApi('Packs API2');
  let server: TestServer;
  let owner: string;
  let manager: string;
  let budtender: string;
  beforeAll(async () => {
    server = await api.start();
    ({ owner, manager, budtender } = api);
  });
  afterAll(() => api.close());
  const { uniq, waitForFloor, storeIn, storeAsPacked, product, adult, patient, quote, sell, check, madeAt, returnUnits, taxSetting, newCart, addLine, fulfil, complete, delivery } = api;

  const rawFlower = (grams: number, priceCents = 10000) => ({ sku: 'RAW-FLOWER', category: 'flower', quantity: 1, unitPriceCents: priceCents, netWeightMg: grams * 1000, thcMg: grams * 200, thcPercent: 20 });
  const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' };

  // ---- one sale, every channel ---------------------------------------------------------------

  describe('the same sale on every channel', () => {
    it('Michigan: $120 of flower costs $12.00 excise + $7.92 sales tax at the register, the check, a pickup cart and a delivery cart, and each order keeps it [ref L112]', async () => {
      // ref L112: excise 10% of the price; 6% sales tax on price + excise: 6% × $132 = $7.92; total $139.92.
      const mi = await storeIn('US-MI', 'America/Detroit');
      const flower = await product(mi, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 12000, 4);
      const customerId = await adult();
      const expectMichigan = (r: Json, what: string) => {
        expect(codes(r), what).toEqual([]);
        expect(taxOf(r, 'MI_EXCISE'), what).toBe(1200);
        expect(taxOf(r, 'MI_SALES'), what).toBe(792);
        expect(r.totals?.totalCents ?? r.totalCents, what).toBe(13992);
      };
      expectMichigan(await quote(mi.id, customerId, [{ skuId: flower.id, quantity: 1 }]), 'register quote');
      expectMichigan(
        await check({ storeId: mi.id, customerId, channel: 'in_store', lines: [{ sku: flower.code, category: 'flower', quantity: 1, unitPriceCents: 12000, netWeightMg: 3500, thcPercent: 20 }] }),
        'compliance check',
      );

      const pickup = await newCart(mi.id, customerId, 'pickup');
      const pickupView = await addLine(pickup, { skuId: flower.id, quantity: 1 });
      expect(pickupView.statusCode, pickupView.body).toBe(200);
      expectMichigan(pickupView.json(), 'pickup cart');
      expect((await fulfil(pickup, { pickup: { name: 'Pat Adult', phone: '+13135550100' } })).statusCode).toBe(200);
      const pickedUp = await complete(pickup);
      expect(pickedUp.statusCode, pickedUp.body).toBe(201);
      expect(pickedUp.json().order.totalCents).toBe(13992);

      const home = await newCart(mi.id, customerId, 'delivery');
      const homeView = await addLine(home, { skuId: flower.id, quantity: 1 });
      expect(homeView.statusCode, homeView.body).toBe(200);
      expectMichigan(homeView.json(), 'delivery cart');
      expect((await fulfil(home, delivery({ line1: '100 Woodward Ave', city: 'Detroit', region: 'MI', postalCode: '48226' }))).statusCode).toBe(200);
      const delivered = await complete(home);
      expect(delivered.statusCode, delivered.body).toBe(201);
      expect(delivered.json().order.totalCents).toBe(13992);

      const sold = await sell(mi.id, customerId, [{ skuId: flower.id, quantity: 1 }]);
      expect(sold.totalCents).toBe(13992);
      expect(sold.taxCents).toBe(1992);
    });

    it('Colorado: after an ounce bought at the register, one more gram is refused alike by a quote, the check, a pickup cart and a delivery cart [ref L65]', async () => {
      // ref L65: flower/28 + conc/8 + mg/800 ≤ 1 per customer per day. 8 × 3.5 g = 28 g = exactly one ounce.
      const co = await storeIn('US-CO', 'America/Denver');
      const flower = await product(co, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 12);
      const gram = await product(co, 'flower', { netWeightMg: 1000, thcPercent: 20 }, 500, 4);
      const customerId = await adult();
      await sell(co.id, customerId, [{ skuId: flower.id, quantity: 8 }]);

      const q = await quote(co.id, customerId, [{ skuId: gram.id, quantity: 1 }]);
      expect(limitRules(q)).toEqual(['us-co.limit.au-equivalency']);
      const c = await check({ storeId: co.id, customerId, channel: 'in_store', lines: [{ sku: gram.code, category: 'flower', quantity: 1, unitPriceCents: 500, netWeightMg: 1000, thcPercent: 20 }] });
      expect(limitRules(c)).toEqual(['us-co.limit.au-equivalency']);
      for (const channel of ['pickup', 'delivery'] as const) {
        const added = await addLine(await newCart(co.id, customerId, channel), { skuId: gram.id, quantity: 1 });
        expect(added.statusCode, `${channel}: ${added.body}`).toBe(422);
        expect(limitRules(refusal(added)), channel).toEqual(['us-co.limit.au-equivalency']);
      }
      // Another customer with no purchases today buys the same gram on any channel.
      const other = await adult();
      expect(codes(await quote(co.id, other, [{ skuId: gram.id, quantity: 1 }]))).toEqual([]);
      expect((await addLine(await newCart(co.id, other, 'pickup'), { skuId: gram.id, quantity: 1 })).statusCode).toBe(200);
    });
  });

  // ---- returns and voids give limit usage back -----------------------------------------------

  describe('returns and voids', () => {
    it('California: a partial return of flower sold by the gram gives those grams back to today’s 28.5 g [ref L64]', async () => {
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const bulk = await product(ca, 'flower', { unit: 'weight', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 20 }, 1000, 100_000);
      const customerId = await adult();
      const order = await sell(ca.id, customerId, [{ skuId: bulk.id, quantity: 28 }]);
      // 28 + 1 = 29 g > 28.5 g.
      expect(limitRules(await quote(ca.id, customerId, [{ skuId: bulk.id, quantity: 1 }]))).toEqual(['us-ca.limit.au-non-concentrated']);
      await returnUnits(order.id, order.lines[0].lineNo, 10);
      // 18 g held: 10 g more is 28 g (allowed), 11 g is 29 g (over).
      expect(codes(await quote(ca.id, customerId, [{ skuId: bulk.id, quantity: 10 }]))).toEqual([]);
      expect(limitRules(await quote(ca.id, customerId, [{ skuId: bulk.id, quantity: 11 }]))).toEqual(['us-ca.limit.au-non-concentrated']);
    });

    it('Illinois medical: a return made days after the sale gives the returned units back to the 14-day 2.5 oz [ref L92]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 40);
      const customerId = await patient('US-IL');
      const order = await sell(il.id, customerId, [{ skuId: flower.id, quantity: 20 }]); // 70,000 mg
      const today = localDateOf(il.timezone, new Date());
      await madeAt(order.id, localInstant(il.timezone, addDays(today, -5), '10:00:00'));
      // 2.5 oz = 70,873.75 mg: 70,000 + 3,500 is over.
      expect(limitRules(await quote(il.id, customerId, [{ skuId: flower.id, quantity: 1 }]))).toEqual(['us-il.limit.med-14-days']);
      await returnUnits(order.id, order.lines[0].lineNo, 10);
      // 35,000 mg left in the window: 10 units (70,000) fit, 11 (73,500) do not.
      expect(codes(await quote(il.id, customerId, [{ skuId: flower.id, quantity: 10 }]))).toEqual([]);
      expect(limitRules(await quote(il.id, customerId, [{ skuId: flower.id, quantity: 11 }]))).toEqual(['us-il.limit.med-14-days']);
    });

    it('Colorado: a voided sale no longer counts toward today’s ounce [ref L65]', async () => {
      const co = await storeIn('US-CO', 'America/Denver');
      const flower = await product(co, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 16);
      const customerId = await adult();
      const order = await sell(co.id, customerId, [{ skuId: flower.id, quantity: 8 }]);
      expect(limitRules(await quote(co.id, customerId, [{ skuId: flower.id, quantity: 1 }]))).toEqual(['us-co.limit.au-equivalency']);
      const voided = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/void`, cookie: manager, body: { reason: 'rang up the wrong customer' } });
      expect(voided.statusCode, voided.body).toBe(201);
      expect(codes(await quote(co.id, customerId, [{ skuId: flower.id, quantity: 8 }]))).toEqual([]);
    });

    it('California: returning part of the flower line of a two-line sale gives back flower, not concentrate [ref L64]', async () => {
      // ref L64: 28.5 g non-concentrated and 8 g concentrate, separate limits, per customer per day.
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const conc = await product(ca, 'concentrate', { netWeightMg: 1000, thcMg: 800, thcPercent: 80 }, 2000, 8);
      const bulk = await product(ca, 'flower', { unit: 'weight', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 20 }, 1000, 100_000);
      const customerId = await adult();
      const order = await sell(ca.id, customerId, [{ skuId: conc.id, quantity: 8 }, { skuId: bulk.id, quantity: 28 }]);
      const flowerLine = (order.lines as Json[]).find((l) => l.quantity === 28)!;
      await returnUnits(order.id, flowerLine.lineNo, 10);
      expect(codes(await quote(ca.id, customerId, [{ skuId: bulk.id, quantity: 10 }]))).toEqual([]);
      expect(limitRules(await quote(ca.id, customerId, [{ skuId: conc.id, quantity: 1 }]))).toEqual(['us-ca.limit.au-concentrate']);
    });

    it('New Jersey: the adult-use ounce is per transaction, so a second sale the same day is not refused for the first [ref L74]', async () => {
      const nj = await storeIn('US-NJ', 'America/New_York');
      const flower = await product(nj, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 8);
      const customerId = await adult();
      // 8 × 3.5 g = 28 g ≤ 28.35 g; 9 × 3.5 g = 31.5 g in one sale is over.
      expect(limitRules(await quote(nj.id, customerId, [{ skuId: flower.id, quantity: 9 }]))).toEqual(['us-nj.limit.au-equivalency']);
      await sell(nj.id, customerId, [{ skuId: flower.id, quantity: 8 }]);
      expect(codes(await quote(nj.id, customerId, [{ skuId: flower.id, quantity: 8 }]))).toEqual([]);
    });
  });

  // ---- patients ------------------------------------------------------------------------------

  describe('patients', () => {
    it('Oregon: an OMMP cardholder buys from the 18th birthday (store-local), tax-free; an adult-use customer of 20 is refused [ref L44, L111]', async () => {
      const or = await storeIn('US-OR', 'America/Los_Angeles');
      const at = (date: string, time: string) => localInstant(or.timezone, date, time);
      const teen = await patient('US-OR', { kind: 'registry_card' }, '2007-11-16');
      // 23:30 on the 15th in Oregon is the 16th in UTC: the patient is still 17 (no caregiver).
      expect(codes(await check({ storeId: or.id, customerId: teen, channel: 'in_store', at: at('2025-11-15', '23:30:00'), lines: [rawFlower(3.5)] }))).toContain('UNDERAGE');
      const birthday = await check({ storeId: or.id, customerId: teen, channel: 'in_store', at: at('2025-11-16', '00:30:00'), lines: [rawFlower(3.5)] });
      expect(codes(birthday)).toEqual([]);
      expect(birthday.taxCents).toBe(0);
      // Twenty years old: a patient may buy, an adult-use customer may not (21+).
      const twenty = await patient('US-OR', { kind: 'registry_card' }, '2005-06-01');
      expect(codes(await check({ storeId: or.id, customerId: twenty, channel: 'in_store', at: at('2025-11-16', '12:00:00'), lines: [rawFlower(3.5)] }))).toEqual([]);
      const au = await adult('2005-06-01');
      expect(codes(await check({ storeId: or.id, customerId: au, channel: 'in_store', at: at('2025-11-16', '12:00:00'), lines: [rawFlower(3.5)] }))).toEqual(['UNDERAGE']);
    });

    it('Maryland: a 2 g concentrate and a 500 mg edible are for patients only; a patient’s THC in products counts to 36 g per 30 days over earlier sales; patients pay no tax [ref L98, L119, L242]', async () => {
      const md = await storeIn('US-MD', 'America/New_York');
      const conc = await product(md, 'concentrate', { netWeightMg: 2000, thcMg: 1600, thcPercent: 80 }, 5000, 20);
      const edible = await product(md, 'edible', { thcMg: 500, thcMgPerServing: 10, packCount: 50 }, 3000);
      const smallConc = await product(md, 'concentrate', { netWeightMg: 1000, thcMg: 800, thcPercent: 80 }, 3000);
      const joint = await product(md, 'infused_pre_roll', { netWeightMg: 2000, thcMg: 500, thcPercent: 25 }, 2000);
      // ref L242: adult use only concentrates ≤ 1 g, edibles ≤ 10 mg/serving and ≤ 100 mg/package; infused pre-rolls exempt from the 1 g.
      const auConc = await quote(md.id, walkIn, [{ skuId: conc.id, quantity: 1 }]);
      expect(auConc.allowed).toBe(false);
      expect(codes(auConc)).toEqual(['PRODUCT_NOT_PERMITTED']);
      expect(codes(await quote(md.id, walkIn, [{ skuId: edible.id, quantity: 1 }]))).toEqual(['PRODUCT_NOT_PERMITTED']);
      expect(codes(await quote(md.id, walkIn, [{ skuId: smallConc.id, quantity: 1 }]))).toEqual([]);
      expect(codes(await quote(md.id, walkIn, [{ skuId: joint.id, quantity: 1 }]))).toEqual([]);

      const customerId = await patient('US-MD');
      const both = await quote(md.id, customerId, [{ skuId: conc.id, quantity: 1 }, { skuId: edible.id, quantity: 1 }]);
      expect(codes(both)).toEqual([]);
      // ref L119: medical exempt from the cannabis sales and use tax.
      expect(both.totals.taxCents).toBe(0);
      // ref L98: 36 g THC per 30 days. 20 × 1,600 mg = 32,000 mg sold at the register ...
      await sell(md.id, customerId, [{ skuId: conc.id, quantity: 20 }]);
      // ... + 8 × 500 = 36,000 (allowed); + 9 × 500 = 36,500 (over).
      expect(codes(await quote(md.id, customerId, [{ skuId: edible.id, quantity: 8 }]))).toEqual([]);
      expect(limitRules(await quote(md.id, customerId, [{ skuId: edible.id, quantity: 9 }]))).toEqual(['us-md.limit.med-thc-30-days']);
    });

    it('Illinois medical: an IDPH waiver on file raises the 14-day 2.5 oz at the register, through its expiry date on the store’s day [ref L92]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000);
      const LIMIT = 'us-il.limit.med-14-days';
      // 25 × 3.5 g = 87.5 g: over 2.5 oz (70.87 g), under a 3.5 oz waiver (99.22 g).
      const plain = await patient('US-IL');
      expect(limitRules(await quote(il.id, plain, [{ skuId: flower.id, quantity: 25 }]))).toEqual([LIMIT]);
      const waived = await patient('US-IL', { limitAllowances: [{ limit: LIMIT, max: 99_224, documentedBy: 'practitioner', expiresOn: '2030-12-31' }] });
      expect(codes(await quote(il.id, waived, [{ skuId: flower.id, quantity: 25 }]))).toEqual([]);
      expect(limitRules(await quote(il.id, waived, [{ skuId: flower.id, quantity: 29 }]))).toEqual([LIMIT]);

      const ending = await patient('US-IL', { limitAllowances: [{ limit: LIMIT, max: 99_224, documentedBy: 'practitioner', expiresOn: '2025-11-15' }] });
      const at = (date: string, time: string) => localInstant(il.timezone, date, time);
      const lines = [rawFlower(87.5)];
      // 21:30 on the 15th in Chicago is the 16th in UTC: the waiver still holds.
      expect(codes(await check({ storeId: il.id, customerId: ending, channel: 'in_store', at: at('2025-11-15', '21:30:00'), lines }))).toEqual([]);
      expect(limitRules(await check({ storeId: il.id, customerId: ending, channel: 'in_store', at: at('2025-11-16', '08:00:00'), lines }))).toEqual([LIMIT]);
    });

    it('Michigan medical: 10 oz per calendar month on the store’s calendar, over register sales moved into the month [ref L91]', async () => {
      const mi = await storeIn('US-MI', 'America/Detroit');
      const ounce = await product(mi, 'flower', { netWeightMg: 28000, thcPercent: 20 }, 1000, 8);
      const customerId = await patient('US-MI');
      const at = (date: string, time: string) => localInstant(mi.timezone, date, time);
      // Four sales of 56 g (each within the 2.5 oz a day), made on four November days: 224 g.
      const days = ['2025-11-01', '2025-11-05', '2025-11-10', '2025-11-15'];
      const orders: string[] = [];
      for (const day of days) {
        const order = await sell(mi.id, customerId, [{ skuId: ounce.id, quantity: 2 }]);
        await madeAt(order.id, at(day, day === '2025-11-01' ? '00:30:00' : '12:00:00'));
        orders.push(order.id);
      }
      // 10 oz = 283,495 mg: 224,000 + 59,000 fits; + 59,500 is over (both under 2.5 oz a day).
      const on20th = (grams: number) => check({ storeId: mi.id, customerId, channel: 'in_store', at: at('2025-11-20', '12:00:00'), lines: [rawFlower(grams)] });
      expect(codes(await on20th(59))).toEqual([]);
      expect(limitRules(await on20th(59.5))).toEqual(['us-mi.limit.med-month']);
      // The first sale moved to 23:30 on Oct 31 in Detroit (03:30 UTC on Nov 1) is last month's.
      await madeAt(orders[0], at('2025-10-31', '23:30:00'));
      expect(codes(await on20th(59.5))).toEqual([]);
    });

    it('Ohio medical: the 90-day supply counts earlier flower by its recorded THC % (tier I 8 oz, tier II 5.3 oz) [ref L100]', async () => {
      const oh = await storeIn('US-OH', 'America/New_York');
      const tierOne = await product(oh, 'flower', { netWeightMg: 10_000, thcPercent: 20 }, 1000, 20);
      const customerId = await patient('US-OH');
      const order = await sell(oh.id, customerId, [{ skuId: tierOne.id, quantity: 20 }]); // 200 g at 20%
      const today = localDateOf(oh.timezone, new Date());
      await madeAt(order.id, localInstant(oh.timezone, addDays(today, -30), '12:00:00'));
      // 8 oz = 226,796 mg: 200,000 + 26,000 tier I fits, + 27,000 is over.
      const tierOneCart = (grams: number) => [{ sku: 'T1', category: 'flower', quantity: 1, unitPriceCents: 1000, netWeightMg: grams * 1000, thcPercent: 20 }];
      expect(codes(await check({ storeId: oh.id, customerId, channel: 'in_store', lines: tierOneCart(26) }))).toEqual([]);
      expect(limitRules(await check({ storeId: oh.id, customerId, channel: 'in_store', lines: tierOneCart(27) }))).toEqual(['us-oh.limit.med-90-day-supply']);
      // Tier II (30%) counts 8/5.3 of its weight: 17 g → 25,660 mg (fits), 18 g → 27,170 mg (over).
      const tierTwoCart = (grams: number) => [{ sku: 'T2', category: 'flower', quantity: 1, unitPriceCents: 1000, netWeightMg: grams * 1000, thcPercent: 30 }];
      expect(codes(await check({ storeId: oh.id, customerId, channel: 'in_store', lines: tierTwoCart(17) }))).toEqual([]);
      expect(limitRules(await check({ storeId: oh.id, customerId, channel: 'in_store', lines: tierTwoCart(18) }))).toEqual(['us-oh.limit.med-90-day-supply']);
    });

    it('Illinois: a minor patient buys infused products through a linked caregiver, not flower [ref L46]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const gummies = await product(il, 'edible', { thcMg: 100, thcMgPerServing: 10, packCount: 10 }, 2000);
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 2000);
      const sixteen = `${Number(localDateOf(il.timezone, new Date()).slice(0, 4)) - 16}-01-01`;
      const minor = await patient('US-IL', {}, sixteen);
      const caregiver = await adult('1980-03-01', 'US-IL');
      const link = await server.request({ method: 'POST', url: `/v1/customers/${minor}/caregivers`, cookie: budtender, body: { caregiverCustomerId: caregiver } });
      expect(link.statusCode, link.body).toBe(201);
      expect(codes(await quote(il.id, minor, [{ skuId: gummies.id, quantity: 1 }]))).toEqual(['UNDERAGE']);
      const viaCaregiver = await quote(il.id, minor, [{ skuId: gummies.id, quantity: 1 }], { caregiverId: caregiver });
      expect(codes(viaCaregiver)).toEqual([]);
      expect(taxCodes(viaCaregiver)).toEqual(['IL_ROT_MEDICAL']);
      expect(viaCaregiver.allowed).toBe(true);
      expect((await quote(il.id, minor, [{ skuId: flower.id, quantity: 1 }], { caregiverId: caregiver })).allowed).toBe(false);
    });

    it('Nevada: a visiting patient with a California card pays no 10% excise, only the 6.85% sales tax [ref L48, L115]', async () => {
      const nv = await storeIn('US-NV', 'America/Los_Angeles');
      const flower = await product(nv, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const visitor = await quote(nv.id, await patient('US-CA'), [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(visitor)).toEqual([]);
      expect(visitor.totals.taxCents).toBe(685);
    });
  });

  // ---- hours at the edges of the store's day -------------------------------------------------

  describe('sale and hand-over hours (the pack’s own hours)', () => {
    it('Oregon: sales from 07:00 to 21:59 store-local; 06:59 and 22:00 are refused [ref L177]', async () => {
      const or = await storeAsPacked('US-OR', 'America/Los_Angeles');
      const at = (time: string) => localInstant(or.timezone, '2025-11-14', time);
      const sale = async (time: string) => codes(await check({ storeId: or.id, customer: walkIn, channel: 'in_store', at: at(time), lines: [rawFlower(3.5)] }));
      expect(await sale('06:59:30')).toEqual(['OUTSIDE_SALE_HOURS']);
      expect(await sale('07:00:00')).toEqual([]);
      expect(await sale('21:59:30')).toEqual([]);
      expect(await sale('22:00:00')).toEqual(['OUTSIDE_SALE_HOURS']);
    });

    it('Illinois: 6 am–10 pm on the local clock on both daylight-saving days [ref L179]', async () => {
      const il = await storeAsPacked('US-IL', 'America/Chicago');
      const sale = async (date: string, time: string) =>
        codes(await check({ storeId: il.id, customer: { ...walkIn, idJurisdiction: 'US-IL' }, channel: 'in_store', at: localInstant(il.timezone, date, time), lines: [rawFlower(3.5)] }));
      // 2025-03-09: clocks go 02:00 → 03:00; 06:00 CDT is 11:00 UTC.
      expect(await sale('2025-03-09', '05:59:30')).toEqual(['OUTSIDE_SALE_HOURS']);
      expect(await sale('2025-03-09', '06:00:00')).toEqual([]);
      // 2025-11-02: clocks go 02:00 → 01:00; 22:00 CST is 04:00 UTC on the 3rd.
      expect(await sale('2025-11-02', '21:59:30')).toEqual([]);
      expect(await sale('2025-11-02', '22:00:00')).toEqual(['OUTSIDE_SALE_HOURS']);
    });

    it('Oregon: a store on Mountain time (Ontario, Oregon) opens at 07:00 on its own clock, an hour before Portland [ref L177]', async () => {
      const or = await storeAsPacked('US-OR', 'America/Boise');
      const sale = async (time: string) => codes(await check({ storeId: or.id, customer: walkIn, channel: 'in_store', at: localInstant('America/Boise', '2025-11-14', time), lines: [rawFlower(3.5)] }));
      // 07:00 Mountain is 06:00 Pacific.
      expect(await sale('07:00:00')).toEqual([]);
      expect(await sale('06:59:30')).toEqual(['OUTSIDE_SALE_HOURS']);
      expect(await sale('21:59:30')).toEqual([]);
      expect(await sale('22:00:00')).toEqual(['OUTSIDE_SALE_HOURS']);
    });

    it('California: a delivery is judged by when it is handed over, 6 am–10 pm Pacific [ref L152, L174]', async () => {
      const ca = await storeAsPacked('US-CA', 'America/Los_Angeles');
      const at = (date: string, time: string) => localInstant(ca.timezone, date, time);
      const deliver = async (date: string, time: string) =>
        codes(await check({ storeId: ca.id, customer: walkIn, channel: 'delivery', at: at('2025-11-14', '12:00:00'), delivery: { addressType: 'residence', orderedAt: at('2025-11-14', '12:00:00'), deliverAt: at(date, time) }, lines: [rawFlower(3.5)] }));
      expect(await deliver('2025-11-14', '21:59:00')).toEqual([]);
      expect(await deliver('2025-11-14', '22:00:00')).toEqual(['OUTSIDE_SALE_HOURS']);
      expect(await deliver('2025-11-15', '05:59:00')).toEqual(['OUTSIDE_SALE_HOURS']);
      expect(await deliver('2025-11-15', '06:00:00')).toEqual([]);
    });

    it('California: an online delivery cart set for tomorrow 05:30 is refused, for tomorrow 10:00 it completes, whatever the time now [ref L152, L174]', async () => {
      const ca = await storeAsPacked('US-CA', 'America/Los_Angeles');
      await waitForFloor(ca.id);
      const flower = await product(ca, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 2);
      const customerId = await adult();
      const tomorrow = addDays(localDateOf(ca.timezone, new Date()), 1);
      const oakland = { line1: '1 Broadway', city: 'Oakland', region: 'CA', postalCode: '94607' };
      const cart = await newCart(ca.id, customerId, 'delivery');
      expect((await fulfil(cart, delivery(oakland, 'residence', localInstant(ca.timezone, tomorrow, '05:30:00')))).statusCode).toBe(200);
      const early = await addLine(cart, { skuId: flower.id, quantity: 1 });
      expect(early.statusCode, early.body).toBe(422);
      expect(codes(refusal(early))).toEqual(['OUTSIDE_SALE_HOURS']);
      expect((await fulfil(cart, delivery(oakland, 'residence', localInstant(ca.timezone, tomorrow, '10:00:00')))).statusCode).toBe(200);
      expect((await addLine(cart, { skuId: flower.id, quantity: 1 })).statusCode).toBe(200);
      const done = await complete(cart);
      expect(done.statusCode, done.body).toBe(201);
    });
  });

  // ---- delivery ------------------------------------------------------------------------------

  describe('delivery', () => {
    it('Oregon: a same-day delivery needs the order before 8 pm; an order after 8 pm may be delivered the next day [ref L155]', async () => {
      const or = await storeIn('US-OR', 'America/Los_Angeles');
      const at = (date: string, time: string) => localInstant(or.timezone, date, time);
      const order = async (orderedAt: string, deliverAt: string) =>
        check({ storeId: or.id, customer: walkIn, channel: 'delivery', at: orderedAt, delivery: { addressType: 'residence', addressJurisdiction: 'US-OR', orderedAt, deliverAt }, lines: [rawFlower(3.5)] });
      expect(codes(await order(at('2025-11-14', '19:59:30'), at('2025-11-14', '21:00:00')))).toEqual([]);
      const late = await order(at('2025-11-14', '20:00:00'), at('2025-11-14', '21:30:00'));
      expect(codes(late)).toEqual(['DELIVERY_NOT_ALLOWED']);
      expect(rules(late)).toEqual(['us-or.delivery.residence']);
      expect(codes(await order(at('2025-11-14', '20:30:00'), at('2025-11-15', '10:00:00')))).toEqual([]);
    });

    it('Oregon: an online delivery goes to an Oregon residence, not to a hotel nor across the river to Washington [ref L155]', async () => {
      const or = await storeIn('US-OR', 'America/Los_Angeles');
      const flower = await product(or, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 2);
      const customerId = await adult();
      // Tomorrow at noon: never a same-day order, whatever the time now.
      const noon = localInstant(or.timezone, addDays(localDateOf(or.timezone, new Date()), 1), '12:00:00');
      const portland = { line1: '1 SW Main St', city: 'Portland', region: 'OR', postalCode: '97204' };
      const vancouver = { line1: '1 Main St', city: 'Vancouver', region: 'WA', postalCode: '98660' };
      const attempt = async (address: Json, addressType: string) => {
        const cart = await newCart(or.id, customerId, 'delivery');
        expect((await fulfil(cart, delivery(address, addressType, noon))).statusCode).toBe(200);
        const added = await addLine(cart, { skuId: flower.id, quantity: 1 });
        return added.statusCode === 200 ? complete(cart) : added;
      };
      const hotel = await attempt(portland, 'hotel');
      expect(hotel.statusCode, hotel.body).toBe(422);
      expect(rules(refusal(hotel))).toEqual(['us-or.delivery.residence']);
      const washington = await attempt(vancouver, 'residence');
      expect(washington.statusCode, washington.body).toBe(422);
      expect(rules(refusal(washington))).toEqual(['us-or.delivery.residence']);
      const home = await attempt(portland, 'residence');
      expect(home.statusCode, home.body).toBe(201);
    });

    it('Oregon: an online delivery cart for today is refused once it is 8 pm at the store [ref L155]', async () => {
      const or = await storeIn('US-OR', 'America/Los_Angeles');
      const flower = await product(or, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 2);
      const cart = await newCart(or.id, await adult(), 'delivery');
      expect((await fulfil(cart, delivery({ line1: '1 SW Main St', city: 'Portland', region: 'OR', postalCode: '97204' }))).statusCode).toBe(200);
      const before = localHourOf(or.timezone, new Date());
      const added = await addLine(cart, { skuId: flower.id, quantity: 1 });
      const after = localHourOf(or.timezone, new Date());
      if (before !== after) return; // the hour turned during the request: nothing to judge
      if (before >= 20) {
        expect(added.statusCode, added.body).toBe(422);
        expect(rules(refusal(added))).toEqual(['us-or.delivery.residence']);
      } else {
        expect(added.statusCode, added.body).toBe(200);
      }
    });

    it('California: one delivery order carries at most $5,000 of goods [ref L152]', async () => {
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      const atCap = await product(ca, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 250_000, 2);
      const overCap = await product(ca, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 250_001, 2);
      const customerId = await adult();
      const oakland = { line1: '1 Broadway', city: 'Oakland', region: 'CA', postalCode: '94607' };
      const cartWith = async (sku: Sku) => {
        const cart = await newCart(ca.id, customerId, 'delivery');
        expect((await fulfil(cart, delivery(oakland))).statusCode).toBe(200);
        return addLine(cart, { skuId: sku.id, quantity: 2 });
      };
      const fits = await cartWith(atCap);
      expect(fits.statusCode, fits.body).toBe(200);
      const over = await cartWith(overCap);
      expect(over.statusCode, over.body).toBe(422);
      expect(rules(refusal(over))).toEqual(['us-ca.delivery.vehicle-cap']);
    });
  });

  // ---- products ------------------------------------------------------------------------------

  describe('products', () => {
    it('New Jersey: a perishable edible (a brownie) is not sold, to adults or patients; the same edible not perishable is [ref L243]', async () => {
      const nj = await storeIn('US-NJ', 'America/New_York');
      const brownie = await product(nj, 'edible', { thcMg: 100, thcMgPerServing: 10, packCount: 10, attributes: ['perishable'] }, 2000);
      const gummies = await product(nj, 'edible', { thcMg: 100, thcMgPerServing: 10, packCount: 10 }, 2000);
      const au = await quote(nj.id, walkIn, [{ skuId: brownie.id, quantity: 1 }]);
      expect(au.allowed).toBe(false);
      expect(rules(au)).toEqual(['us-nj.product.perishable-edible']);
      expect(rules(await quote(nj.id, await patient('US-NJ'), [{ skuId: brownie.id, quantity: 1 }]))).toEqual(['us-nj.product.perishable-edible']);
      expect(codes(await quote(nj.id, walkIn, [{ skuId: gummies.id, quantity: 1 }]))).toEqual([]);
    });

    it('Illinois: infused pre-rolls and vapes pay the excise by potency (≤35% → 10%, >35% → 25%); the ROT is on the $300 price [ref L113]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const strongJoint = await product(il, 'infused_pre_roll', { netWeightMg: 1000, thcMg: 400, thcPercent: 40 }, 10000);
      const mildJoint = await product(il, 'infused_pre_roll', { netWeightMg: 1000, thcMg: 300, thcPercent: 30 }, 10000);
      const vape = await product(il, 'vape', { netWeightMg: 1000, thcMg: 800, thcPercent: 80 }, 10000);
      const q = await quote(il.id, { ...walkIn, idJurisdiction: 'US-IL' }, [
        { skuId: strongJoint.id, quantity: 1 },
        { skuId: mildJoint.id, quantity: 1 },
        { skuId: vape.id, quantity: 1 },
      ]);
      expect(codes(q)).toEqual([]);
      expect(taxOf(q, 'IL_EXCISE_10')).toBe(1000);
      expect(taxOf(q, 'IL_EXCISE_25')).toBe(5000);
      expect(taxOf(q, 'IL_EXCISE_20') ?? 0).toBe(0);
      expect(taxOf(q, 'IL_ROT')).toBe(1875);
      expect(q.totals.totalCents).toBe(30000 + 6000 + 1875);
    });

    it('Illinois: an alcohol product is not sold, except a tincture of at most 100 ml [ref L238]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const drink = await product(il, 'beverage', { netWeightMg: 355_000, thcMg: 10, attributes: ['contains_alcohol'] }, 1000);
      const tincture = await product(il, 'tincture', { netWeightMg: 30_000, thcMg: 100, attributes: ['contains_alcohol'] }, 1000);
      const bigTincture = await product(il, 'tincture', { netWeightMg: 120_000, thcMg: 100, attributes: ['contains_alcohol'] }, 1000);
      const buyer = { ...walkIn, idJurisdiction: 'US-IL' };
      expect(rules(await quote(il.id, buyer, [{ skuId: drink.id, quantity: 1 }]))).toEqual(['us-il.product.alcohol']);
      expect(codes(await quote(il.id, buyer, [{ skuId: tincture.id, quantity: 1 }]))).toEqual([]);
      expect(rules(await quote(il.id, buyer, [{ skuId: bigTincture.id, quantity: 1 }]))).toEqual(['us-il.product.alcohol']);
    });
  });

  // ---- local tax rates set per store ---------------------------------------------------------

  describe('local tax rates from the tax-settings API', () => {
    it('Arizona: a county and city TPT set for the store rides on the 5.6% and not on the 16% MET; a local cannabis rate is not charged; a patient pays TPT only [ref L116, L137]', async () => {
      const az = await storeIn('US-AZ', 'America/Phoenix');
      const flower = await product(az, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const line = [{ skuId: flower.id, quantity: 1 }];
      const before = await quote(az.id, walkIn, line);
      expect(taxOf(before, 'AZ_MET')).toBe(1600);
      expect(taxOf(before, 'AZ_TPT')).toBe(560);
      await taxSetting(az.id, { localSalesTaxRate: 0.025, localCannabisTaxRate: 0.03, effectiveFrom: localDateOf(az.timezone, new Date()) });
      // The new rates apply to the very next sale: (5.6% + 2.5%) × $100 = $8.10, MET excluded from the base.
      const after = await quote(az.id, walkIn, line);
      expect(taxCodes(after)).toEqual(['AZ_MET', 'AZ_TPT']);
      expect(taxOf(after, 'AZ_MET')).toBe(1600);
      expect(taxOf(after, 'AZ_TPT')).toBe(810);
      expect(after.totals.totalCents).toBe(12410);
      const med = await quote(az.id, await patient('US-AZ'), line);
      expect(taxCodes(med)).toEqual(['AZ_TPT']);
      expect(med.totals.totalCents).toBe(10810);
    });

    it('New York: 9% + 4% on the price and no sales tax, even with a local sales rate set for the store; a patient is charged none [ref L117, L138]', async () => {
      const ny = await storeIn('US-NY', 'America/New_York');
      const flower = await product(ny, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      await taxSetting(ny.id, { localSalesTaxRate: 0.045, localCannabisTaxRate: 0, effectiveFrom: '2025-01-01' });
      const au = await quote(ny.id, walkIn, [{ skuId: flower.id, quantity: 1 }]);
      expect(taxCodes(au)).toEqual(['NY_CANNABIS_LOCAL', 'NY_CANNABIS_STATE']);
      expect(taxOf(au, 'NY_CANNABIS_STATE')).toBe(900);
      expect(taxOf(au, 'NY_CANNABIS_LOCAL')).toBe(400);
      expect(au.totals.totalCents).toBe(11300);
      const med = await quote(ny.id, await patient('US-NY'), [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(med)).toEqual([]);
      expect(med.totals.taxCents).toBe(0);
    });

    it('Massachusetts: a 3% local option starting on the 1st applies from store-local midnight, on the price like the other two; patients pay none [ref L114]', async () => {
      const ma = await storeIn('US-MA', 'America/New_York');
      await taxSetting(ma.id, { localSalesTaxRate: 0, localCannabisTaxRate: 0.03, effectiveFrom: '2025-12-01' });
      const customerId = await adult();
      const at = (date: string, time: string) => localInstant(ma.timezone, date, time);
      // 23:59 on Nov 30 in Boston is already Dec 1 in UTC.
      const nov = await check({ storeId: ma.id, customerId, channel: 'in_store', at: at('2025-11-30', '23:59:00'), lines: [rawFlower(3.5)] });
      expect(taxCodes(nov)).toEqual(['MA_EXCISE', 'MA_SALES']);
      expect(nov.taxCents).toBe(1075 + 625);
      const dec = await check({ storeId: ma.id, customerId, channel: 'in_store', at: at('2025-12-01', '00:00:30'), lines: [rawFlower(3.5)] });
      expect(taxOf(dec, 'MA_LOCAL')).toBe(300);
      expect(dec.taxCents).toBe(1075 + 625 + 300);
      const med = await check({ storeId: ma.id, customerId: await patient('US-MA'), channel: 'in_store', at: at('2025-12-01', '12:00:00'), lines: [rawFlower(3.5)] });
      expect(med.taxCents).toBe(0);
    });

    it('Illinois: a municipal cannabis ROT and a local ROT set for the store; a patient pays neither the excise nor the cannabis ROT [ref L113]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      await taxSetting(il.id, { localSalesTaxRate: 0.0175, localCannabisTaxRate: 0.03, effectiveFrom: '2025-01-01' });
      const au = await quote(il.id, { ...walkIn, idJurisdiction: 'US-IL' }, [{ skuId: flower.id, quantity: 1 }]);
      // Excise 10% = $10.00; ROT (6.25% + 1.75%) × $100 = $8.00; cannabis ROT 3% × $100 = $3.00 (excise in neither base).
      expect(taxOf(au, 'IL_EXCISE_10')).toBe(1000);
      expect(taxOf(au, 'IL_ROT')).toBe(800);
      expect(taxOf(au, 'IL_CANNABIS_ROT')).toBe(300);
      expect(au.totals.totalCents).toBe(12100);
      const med = await quote(il.id, await patient('US-IL'), [{ skuId: flower.id, quantity: 1 }]);
      expect(taxCodes(med)).toEqual(['IL_ROT_MEDICAL']);
      expect(taxOf(med, 'IL_ROT_MEDICAL')).toBe(100);
    });

    it('Oregon: a 3% city tax set for the store is added to the 17%; a registry cardholder pays neither [ref L111]', async () => {
      const or = await storeIn('US-OR', 'America/Los_Angeles');
      const flower = await product(or, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      await taxSetting(or.id, { localSalesTaxRate: 0, localCannabisTaxRate: 0.03, effectiveFrom: '2025-01-01' });
      const au = await quote(or.id, walkIn, [{ skuId: flower.id, quantity: 1 }]);
      expect(taxOf(au, 'OR_MARIJUANA_STATE')).toBe(1700);
      expect(taxOf(au, 'OR_MARIJUANA_LOCAL')).toBe(300);
      expect(au.totals.totalCents).toBe(12000);
      const med = await quote(or.id, await patient('US-OR', { kind: 'registry_card' }), [{ skuId: flower.id, quantity: 1 }]);
      expect(med.totals.taxCents).toBe(0);
    });

    it('Washington: a local sales rate set for the store is added on the pre-excise price ($13.70 shelf: 9.6% × $10.00 = $0.96) [ref L110, L131]', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const flower = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1370);
      await taxSetting(wa.id, { localSalesTaxRate: 0.031, localCannabisTaxRate: 0, effectiveFrom: '2025-01-01' });
      const q = await quote(wa.id, walkIn, [{ skuId: flower.id, quantity: 1 }]);
      expect((q.taxes as Json[]).find((t) => t.includedInPrice)?.amountCents).toBe(370);
      expect(taxOf(q, 'WA_SALES')).toBe(96);
      expect(q.totals.totalCents).toBe(1466);
    });
    it('Washington: a patient at a store without the medical endorsement pays the excise and sales tax, alike at the register, in a pickup cart and in the check [ref L110]', async () => {
      // ref L110: recognition-card patients are exempt at medically endorsed stores only. $13.70 shelf = $10.00 + $3.70 excise; sales tax 6.5% × $10.00.
      const name = `Packs API2 US-WA unendorsed ${uniq()}`;
      const created = await server.request({
        method: 'POST',
        url: '/v1/stores',
        cookie: owner,
        body: { name, licenseNumber: `P2-WA-${uniq()}-${Date.now()}`, jurisdiction: 'US-WA', timezone: 'America/Los_Angeles', medicalEndorsement: false },
      });
      expect(created.statusCode, created.body).toBe(201);
      const wa: Store = { id: created.json().id, name, timezone: 'America/Los_Angeles' };
      await openAroundTheClock(server.platform, [wa.id]);
      await waitForFloor(wa.id);
      // DOH-compliant, so only the missing endorsement stands between the patient and the exemption.
      const flower = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20, dohCompliant: true }, 1370, 2);
      const customerId = await patient('US-WA');
      const q = await quote(wa.id, customerId, [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(q)).toEqual([]);
      expect(taxOf(q, 'WA_SALES')).toBe(65);
      expect(q.totals.totalCents).toBe(1435);
      const c = await check({ storeId: wa.id, customerId, channel: 'in_store', lines: [{ sku: flower.code, category: 'flower', quantity: 1, unitPriceCents: 1370, netWeightMg: 3500, thcPercent: 20 }] });
      expect(c.totalCents).toBe(1435);
      const view = await addLine(await newCart(wa.id, customerId, 'pickup'), { skuId: flower.id, quantity: 1 });
      expect(view.statusCode, view.body).toBe(200);
      expect(view.json().totals.totalCents).toBe(1435);
    });

    // The register reads the store (and with it medicalEndorsement) through a per-process cache;
    // the process that changed the store drops it as the change commits (it once waited for the
    // published event, and on PostgreSQL the next sale was taxed as at an endorsed store).
    it('Washington: withdrawing a store’s medical endorsement reaches the very next register sale [ref L110]', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const flower = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20, dohCompliant: true }, 1370);
      const customerId = await patient('US-WA');
      expect((await quote(wa.id, customerId, [{ skuId: flower.id, quantity: 1 }])).totals.totalCents).toBe(1000);
      const patched = await server.request({ method: 'PATCH', url: `/v1/stores/${wa.id}`, cookie: owner, body: { medicalEndorsement: false } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect((await quote(wa.id, customerId, [{ skuId: flower.id, quantity: 1 }])).totals.totalCents).toBe(1435);
    });
  });
});
