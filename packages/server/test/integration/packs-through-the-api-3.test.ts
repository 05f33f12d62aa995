// Third round of acceptance cases worked from /work/shared/reference/regulations.md (the
// "reference") and run through Verdant's HTTP API on a real database. The first two rounds
// (packs-through-the-api.test.ts, packs-through-the-api-2.test.ts) covered tax bases and local
// rates, store-local dates and ages, limits over history in CA, CO, IL, MD, MI (medical), OH
// (medical), returns and voids, hours in OR, IL and CA, and delivery in CA, OR and IL. This round
// covers what they did not: Missouri, Ontario, Washington's, New York's, Arizona's, Nevada's,
// Massachusetts', New Jersey's, Michigan's and Ohio's adult-use limits, the product caps of
// WA, CO, NV and AZ, the sale hours of WA, NY, CO and Ontario, and situations where the server
// assembles the engine's input: a caregiver buying for an adult patient, a walk-in patient with
// another state's card, a compliance check dated in the past against a sale now, a register sale
// of flower sold by weight in Massachusetts, and a manager's price override on a line a promotion
// also discounts. Every case names the reference line it rests on (`ref L<n>`); expected figures
// are worked by hand from the reference.
//
// Tax arithmetic (ref L262): each tax over the whole sale, rounded half-up to the cent once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packsApi } from '../support/packs-api';
import type { TestServer } from '../support/test-server';
import { addDays, codes, type Json, limitRules, localDateOf, localInstant, rules, taxCodes, taxOf } from '../support/packs-cases';

/** One line of the compliance check: `quantity` units of a product with these facts per unit. */
const unit = (category: string, quantity: number, facts: Json = {}, priceCents = 1000) => ({ sku: `RAW-${category.toUpperCase()}`, category, quantity, unitPriceCents: priceCents, ...facts });
const flowerG = (grams: number, priceCents = 1000) => unit('flower', 1, { netWeightMg: Math.round(grams * 1000), thcMg: grams * 200, thcPercent: 20 }, priceCents);
const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' };

describe('jurisdiction packs through the API, third round', () => {
  const api = packsApi('Packs API3');
  let server: TestServer;
  let owner: string;
  let manager: string;
  beforeAll(async () => {
    server = await api.start();
    ({ owner, manager } = api);
  });
  afterAll(() => api.close());
  const { storeIn, storeAsPacked, product, adult, patient, linkCaregiver, quote, sell, check, madeAt } = api;

  // ---- Missouri: nothing of it was tested through the API before -----------------------------

  describe('Missouri', () => {
    it('adult use pays the 6% marijuana tax and the 4.225% sales tax, a patient 4% and 4.225%; another state’s card on file and a walk-in with one are patients [ref L53, L120, L141]', async () => {
      const mo = await storeIn('US-MO', 'America/Chicago');
      const flower = await product(mo, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const line = [{ skuId: flower.id, quantity: 1 }];
      // $100: 6% = $6.00; 4.225% = 422.5¢ → 423¢ (half-up). Both collected (ref L120 "both taxes should be collected").
      const au = await quote(mo.id, walkIn, line);
      expect(taxOf(au, 'MO_MARIJUANA')).toBe(600);
      expect(taxOf(au, 'MO_SALES')).toBe(423);
      expect(au.totals.totalCents).toBe(11023);
      // Medical: 4% = $4.00 + 4.225% = $4.23.
      const local = await quote(mo.id, await patient('US-MO'), line);
      expect(codes(local)).toEqual([]);
      expect(taxCodes(local)).toEqual(['MO_MARIJUANA_MEDICAL', 'MO_SALES']);
      expect(local.totals.taxCents).toBe(823);
      // ref L53: out-of-state cards accepted.
      const visitor = await quote(mo.id, await patient('US-IL'), line);
      expect(codes(visitor)).toEqual([]);
      expect(visitor.totals.taxCents).toBe(823);
      // A walk-in patient without a profile, at the compliance check (the register's walk-in is adult use only).
      const walkInPatient = { kind: 'medical', birthDate: '1980-01-01', medicalCard: { number: 'IL-12345', jurisdiction: 'US-IL', expiresOn: '2030-12-31', kind: 'registry_card' } };
      const at = localInstant(mo.timezone, '2025-11-14', '12:00:00');
      const walkInCheck = await check({ storeId: mo.id, customer: walkInPatient, channel: 'in_store', at, lines: [flowerG(3.5, 10000)] });
      expect(codes(walkInCheck)).toEqual([]);
      expect(walkInCheck.taxCents).toBe(823);
      // The same walk-in with a card that ran out before the sale is not sold to as a patient.
      const lapsed = await check({ storeId: mo.id, customer: { ...walkInPatient, medicalCard: { ...walkInPatient.medicalCard, expiresOn: '2025-11-13' } }, channel: 'in_store', at, lines: [flowerG(3.5, 10000)] });
      expect(codes(lapsed)).toEqual(['MEDICAL_CARD_INVALID']);
    });

    it('adult use: 3 oz of flower or its equivalent (8 g concentrate = 800 mg THC = 1 oz) in one transaction; a second sale is a new transaction [ref L76]', async () => {
      const mo = await storeIn('US-MO', 'America/Chicago');
      const customerId = await adult();
      const conc = (n: number) => unit('concentrate', n, { netWeightMg: 1000, thcMg: 800, thcPercent: 80 });
      const gummies = (n: number) => unit('edible', n, { thcMg: 10, thcMgPerServing: 10, packCount: 1 });
      const at = localInstant(mo.timezone, '2025-11-14', '12:00:00');
      // 3 oz = 85,048.5 mg. 56 g + 8 g concentrate (28,349.5) = 84,349.5 (fits); 57 g + 8 g = 85,349.5 (over).
      expect(codes(await check({ storeId: mo.id, customerId, channel: 'in_store', at, lines: [flowerG(56), conc(8)] }))).toEqual([]);
      expect(limitRules(await check({ storeId: mo.id, customerId, channel: 'in_store', at, lines: [flowerG(57), conc(8)] }))).toEqual(['us-mo.limit.au-equivalency']);
      // 56 g + 800 mg THC in edibles (80 × 10 mg) fits; 82 × 10 mg = 29,058.2 mg equivalent with 56 g is over.
      expect(codes(await check({ storeId: mo.id, customerId, channel: 'in_store', at, lines: [flowerG(56), gummies(80)] }))).toEqual([]);
      expect(limitRules(await check({ storeId: mo.id, customerId, channel: 'in_store', at, lines: [flowerG(56), gummies(82)] }))).toEqual(['us-mo.limit.au-equivalency']);

      // Per transaction: 70 g sold at the register does not count against the next sale.
      const flower = await product(mo, 'flower', { netWeightMg: 10_000, thcPercent: 20 }, 1000, 8);
      await sell(mo.id, customerId, [{ skuId: flower.id, quantity: 7 }]);
      expect(codes(await quote(mo.id, customerId, [{ skuId: flower.id, quantity: 8 }]))).toEqual([]);
    });

    it('medical: 6 oz per 30 days counts a register sale made 29 days ago, not one made 31 days ago [ref L99]', async () => {
      const mo = await storeIn('US-MO', 'America/Chicago');
      const flower = await product(mo, 'flower', { netWeightMg: 10_000, thcPercent: 20 }, 1000, 14);
      const customerId = await patient('US-MO');
      const order = await sell(mo.id, customerId, [{ skuId: flower.id, quantity: 14 }]); // 140 g
      const today = localDateOf(mo.timezone, new Date());
      await madeAt(order.id, localInstant(mo.timezone, addDays(today, -29), '12:00:00'));
      // 6 oz = 170,097 mg: 140 g + 30 g fits, + 31 g is over.
      expect(codes(await check({ storeId: mo.id, customerId, channel: 'in_store', lines: [flowerG(30)] }))).toEqual([]);
      expect(limitRules(await check({ storeId: mo.id, customerId, channel: 'in_store', lines: [flowerG(31)] }))).toEqual(['us-mo.limit.med-30-days']);
      await madeAt(order.id, localInstant(mo.timezone, addDays(today, -31), '12:00:00'));
      expect(codes(await check({ storeId: mo.id, customerId, channel: 'in_store', lines: [flowerG(31)] }))).toEqual([]);
    });
  });

  // ---- adult-use limits of states the first rounds left out -----------------------------------

  describe('adult-use limits', () => {
    it('Washington: 1 oz of flower AND 7 g of concentrate in one sale; an 8th gram is over; a second sale the same day is a new transaction [ref L66]', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const flower = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1370, 8);
      const conc = await product(wa, 'concentrate', { netWeightMg: 1000, thcMg: 700, thcPercent: 70 }, 2740);
      const customerId = await adult();
      // 8 × 3.5 g = 28 g ≤ 28.35 g; 7 × 1 g = 7 g.
      const full = await quote(wa.id, customerId, [{ skuId: flower.id, quantity: 8 }, { skuId: conc.id, quantity: 7 }]);
      expect(codes(full)).toEqual([]);
      expect(limitRules(await quote(wa.id, customerId, [{ skuId: flower.id, quantity: 8 }, { skuId: conc.id, quantity: 8 }]))).toEqual(['us-wa.limit.au-concentrate']);
      expect(limitRules(await quote(wa.id, customerId, [{ skuId: flower.id, quantity: 9 }]))).toEqual(['us-wa.limit.au-usable']);
      await sell(wa.id, customerId, [{ skuId: flower.id, quantity: 8 }]);
      expect(codes(await quote(wa.id, customerId, [{ skuId: flower.id, quantity: 8 }, { skuId: conc.id, quantity: 7 }]))).toEqual([]);
    });

    it('New York: 3 oz of flower AND 24 g of concentrated cannabis in one sale; a 25th gram or an 86th gram is over [ref L73]', async () => {
      const ny = await storeIn('US-NY', 'America/New_York');
      const customerId = await adult();
      const at = localInstant(ny.timezone, '2025-11-14', '12:00:00');
      const conc = (n: number) => unit('concentrate', n, { netWeightMg: 1000, thcMg: 800, thcPercent: 80 });
      // 3 oz = 85,048.5 mg.
      expect(codes(await check({ storeId: ny.id, customerId, channel: 'in_store', at, lines: [flowerG(85), conc(24)] }))).toEqual([]);
      expect(limitRules(await check({ storeId: ny.id, customerId, channel: 'in_store', at, lines: [flowerG(85), conc(25)] }))).toEqual(['us-ny.limit.au-concentrated']);
      expect(limitRules(await check({ storeId: ny.id, customerId, channel: 'in_store', at, lines: [flowerG(86), conc(24)] }))).toEqual(['us-ny.limit.au-flower']);
    });

    it('Arizona: 1 oz in all, of which at most 5 g concentrate counted inside the ounce [ref L72]', async () => {
      const az = await storeIn('US-AZ', 'America/Phoenix');
      const at = localInstant(az.timezone, '2025-11-14', '12:00:00');
      const conc = (n: number) => unit('concentrate', n, { netWeightMg: 1000, thcMg: 800, thcPercent: 80 });
      const c = (lines: Json[]) => check({ storeId: az.id, customer: walkIn, channel: 'in_store', at, lines });
      // 1 oz = 28,349.5 mg. 23 g + 5 g = 28 g fits.
      expect(codes(await c([flowerG(23), conc(5)]))).toEqual([]);
      // 20 g + 6 g = 26 g: inside the ounce, over the 5 g.
      expect(limitRules(await c([flowerG(20), conc(6)]))).toEqual(['us-az.limit.au-concentrate']);
      // 24 g + 5 g = 29 g: the concentrate weighs in the ounce.
      expect(limitRules(await c([flowerG(24), conc(5)]))).toEqual(['us-az.limit.au-total']);
    });

    it('Massachusetts: flower, concentrate by active THC and edibles by THC sum to one ounce a day; topicals do not count [ref L70]', async () => {
      const ma = await storeIn('US-MA', 'America/New_York');
      const at = localInstant(ma.timezone, '2025-11-14', '12:00:00');
      const c = (lines: Json[]) => check({ storeId: ma.id, customer: walkIn, channel: 'in_store', at, lines });
      // Concentrate of 2.5 g weighing 3 g: counted by its 2,500 mg active THC, ½ oz (14,174.75 mg).
      const conc = unit('concentrate', 1, { netWeightMg: 3000, thcMg: 2500, thcPercent: 83 });
      const gummy = unit('edible', 1, { thcMg: 10, thcMgPerServing: 10, packCount: 1 });
      const balm = unit('topical', 1, { netWeightMg: 50_000, thcMg: 1000 });
      // 14 g + 14,174.75 = 28,174.75 ≤ 28,349.5.
      expect(codes(await c([flowerG(14), conc, balm]))).toEqual([]);
      // + 10 mg edible THC (1/50 oz = 566.99 mg) = 28,741.74: over.
      expect(limitRules(await c([flowerG(14), conc, gummy]))).toEqual(['us-ma.limit.au-equivalency']);
    });

    it('New Jersey: ½ oz flower and 2 g concentrate together are allowed; 3 g concentrate with it is over; 1,000 mg of ingestibles is an ounce [ref L74]', async () => {
      const nj = await storeIn('US-NJ', 'America/New_York');
      const at = localInstant(nj.timezone, '2025-11-14', '12:00:00');
      const c = (lines: Json[]) => check({ storeId: nj.id, customer: walkIn, channel: 'in_store', at, lines });
      const conc = (n: number) => unit('concentrate', n, { netWeightMg: 1000, thcMg: 800, thcPercent: 80 });
      const gummies = (n: number) => unit('edible', n, { thcMg: 100, thcMgPerServing: 10, packCount: 10 });
      // 1 oz = 28.35 g. ½ oz = 14,175 mg + 2 g (2/5 oz = 11,340) = 25,515: fits.
      expect(codes(await c([flowerG(14.175), conc(2)]))).toEqual([]);
      // + 3 g (17,010) = 31,185: over.
      expect(limitRules(await c([flowerG(14.175), conc(3)]))).toEqual(['us-nj.limit.au-equivalency']);
      // 10 packages of 100 mg = 1,000 mg = 1 oz; 11 are over.
      expect(codes(await c([gummies(10)]))).toEqual([]);
      expect(limitRules(await c([gummies(11)]))).toEqual(['us-nj.limit.au-equivalency']);
    });

    it('Michigan: 2.5 oz in one transaction of which at most 15 g concentrate, the concentrate counting at its weight [ref L68]', async () => {
      const mi = await storeIn('US-MI', 'America/Detroit');
      const at = localInstant(mi.timezone, '2025-11-14', '12:00:00');
      const c = (lines: Json[]) => check({ storeId: mi.id, customer: walkIn, channel: 'in_store', at, lines });
      const conc = (n: number) => unit('concentrate', n, { netWeightMg: 1000, thcMg: 800, thcPercent: 80 });
      // 2.5 oz = 70,873.75 mg: 55 g + 15 g = 70 g fits; 56 g + 15 g = 71 g is over; 16 g concentrate is over its part.
      expect(codes(await c([flowerG(55), conc(15)]))).toEqual([]);
      expect(limitRules(await c([flowerG(56), conc(15)]))).toEqual(['us-mi.limit.au-equivalency']);
      expect(limitRules(await c([flowerG(40), conc(16)]))).toEqual(['us-mi.limit.au-concentrate']);
    });

    it('Colorado: a customer on file with another state’s ID has the same ounce as a resident [ref L65, L218]', async () => {
      const co = await storeIn('US-CO', 'America/Denver');
      const flower = await product(co, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000);
      // 8 × 3.5 = 28 g = the ounce (28 g in the Colorado equivalency); 9 × 3.5 = 31.5 g over.
      const visitor = await adult('1980-01-01', 'US-TX');
      expect(codes(await quote(co.id, visitor, [{ skuId: flower.id, quantity: 8 }]))).toEqual([]);
      expect(limitRules(await quote(co.id, visitor, [{ skuId: flower.id, quantity: 9 }]))).toEqual(['us-co.limit.au-equivalency']);
    });

    it('Ontario: 30 g dried or equivalent per purchase (0.25 g concentrate = 1 g dried); 13% HST; 19+ on the store’s date [ref L55, L78, L122]', async () => {
      const on = await storeIn('CA-ON', 'America/Toronto');
      const at = localInstant(on.timezone, '2025-11-16', '12:00:00');
      const c = (customer: Json, lines: Json[]) => check({ storeId: on.id, customer, channel: 'in_store', at, lines });
      const conc = (mg: number) => unit('concentrate', 1, { netWeightMg: mg, thcMg: mg * 0.8, thcPercent: 80 });
      // 20 g + 2.5 g concentrate (10 g dried) = 30 g; 2.75 g (11 g dried) is over.
      expect(codes(await c(walkIn, [flowerG(20), conc(2500)]))).toEqual([]);
      expect(limitRules(await c(walkIn, [flowerG(20), conc(2750)]))).toEqual(['ca-on.limit.dried-equivalent']);
      // HST 13% of $100.
      const taxed = await c(walkIn, [flowerG(3.5, 10000)]);
      expect(taxCodes(taxed)).toEqual(['ON_HST']);
      expect(taxOf(taxed, 'ON_HST')).toBe(1300);
      // 19 today: served; 19 tomorrow: not.
      expect(codes(await c({ kind: 'adult_use', birthDate: '2006-11-16' }, [flowerG(3.5)]))).toEqual([]);
      expect(codes(await c({ kind: 'adult_use', birthDate: '2006-11-17' }, [flowerG(3.5)]))).toEqual(['UNDERAGE']);
    });
  });

  // ---- effective dates: a check dated in the past against a sale now --------------------------

  describe('a check dated in the past and a sale now', () => {
    it('Nevada: before 2024-01-01 one ounce and ⅛ oz concentrate, since then 2.5 oz and ¼ oz; a register quote now follows the new limits [ref L30, L71]', async () => {
      const nv = await storeIn('US-NV', 'America/Los_Angeles');
      const tens = await product(nv, 'flower', { netWeightMg: 10_000, thcPercent: 20 }, 1000);
      const customerId = await adult();
      const at = (date: string) => localInstant(nv.timezone, date, '12:00:00');
      const tenGrams = (n: number) => unit('flower', n, { netWeightMg: 10_000, thcPercent: 20 });
      const conc = (n: number) => unit('concentrate', n, { netWeightMg: 1000, thcMg: 800, thcPercent: 80 });
      const c = (date: string, lines: Json[]) => check({ storeId: nv.id, customerId, channel: 'in_store', at: at(date), lines });
      // Nevada's ounce is 28.35 g (ref L16): 2 × 10 g fits, 3 × 10 g is over on 2023-12-31.
      expect(codes(await c('2023-12-31', [tenGrams(2)]))).toEqual([]);
      expect(limitRules(await c('2023-12-31', [tenGrams(3)]))).toEqual(['us-nv.limit.au-equivalency']);
      // ⅛ oz = 3.54 g concentrate: 3 g fits, 4 g is over.
      expect(codes(await c('2023-12-31', [conc(3)]))).toEqual([]);
      expect(limitRules(await c('2023-12-31', [conc(4)]))).toEqual(['us-nv.limit.au-equivalency']);
      // From 2024-01-01: 2.5 oz = 70.875 g (7 × 10 g fits, 8 is over); ¼ oz = 7.09 g (7 g fits, 8 g over).
      expect(codes(await c('2024-01-01', [tenGrams(7)]))).toEqual([]);
      expect(limitRules(await c('2024-01-01', [tenGrams(8)]))).toEqual(['us-nv.limit.au-equivalency']);
      expect(codes(await c('2024-01-01', [conc(7)]))).toEqual([]);
      expect(limitRules(await c('2024-01-01', [conc(8)]))).toEqual(['us-nv.limit.au-equivalency']);
      // The register sells now: 60 g goes (it would not have in 2023).
      expect(codes(await quote(nv.id, customerId, [{ skuId: tens.id, quantity: 6 }]))).toEqual([]);
      expect(limitRules(await c('2023-06-01', [tenGrams(6)]))).toEqual(['us-nv.limit.au-equivalency']);
    });

    it('Ohio: one ounce of flower a day until 2025-06-03, 2.5 oz from 2025-06-04 (store-local); 15,000 mg THC of non-flower a day [ref L31, L77]', async () => {
      const oh = await storeIn('US-OH', 'America/New_York');
      const customerId = await adult();
      const c = (date: string, time: string, lines: Json[]) => check({ storeId: oh.id, customerId, channel: 'in_store', at: localInstant(oh.timezone, date, time), lines });
      expect(codes(await c('2025-06-03', '12:00:00', [flowerG(28)]))).toEqual([]);
      // 23:30 on June 3 in Ohio is June 4 in UTC: still the old ounce.
      expect(limitRules(await c('2025-06-03', '23:30:00', [flowerG(29)]))).toEqual(['us-oh.limit.au-flower']);
      expect(codes(await c('2025-06-04', '00:30:00', [flowerG(29)]))).toEqual([]);
      // 2.5 oz = 70,873.75 mg.
      expect(codes(await c('2025-11-14', '12:00:00', [flowerG(70)]))).toEqual([]);
      expect(limitRules(await c('2025-11-14', '12:00:00', [flowerG(71)]))).toEqual(['us-oh.limit.au-flower']);
      // Non-flower: 25 vapes of 600 mg THC = 15,000 mg; 26 are over.
      const vapes = (n: number) => unit('vape', n, { netWeightMg: 1000, thcMg: 600, thcPercent: 60 });
      expect(codes(await c('2025-11-14', '12:00:00', [flowerG(70), vapes(25)]))).toEqual([]);
      expect(limitRules(await c('2025-11-14', '12:00:00', [vapes(26)]))).toEqual(['us-oh.limit.au-non-flower-thc']);
    });

    it('Massachusetts: a register sale now counts toward today’s ounce; a check dated yesterday does not see it [ref L70]', async () => {
      const ma = await storeIn('US-MA', 'America/New_York');
      // Flower sold by the gram at the register.
      const bulk = await product(ma, 'flower', { unit: 'weight', sizeLabel: '1g', netWeightMg: 1000, thcPercent: 20 }, 1000, 100_000);
      const customerId = await adult();
      // 1 oz = 28.3495 g: 28 g goes, 29 g is over.
      expect(codes(await quote(ma.id, customerId, [{ skuId: bulk.id, quantity: 28 }]))).toEqual([]);
      expect(limitRules(await quote(ma.id, customerId, [{ skuId: bulk.id, quantity: 29 }]))).toEqual(['us-ma.limit.au-equivalency']);
      const sold = await sell(ma.id, customerId, [{ skuId: bulk.id, quantity: 20 }]);
      expect(sold.totalCents).toBe(20000 + 2150 + 1250); // 10.75% + 6.25% of $200
      expect(codes(await quote(ma.id, customerId, [{ skuId: bulk.id, quantity: 8 }]))).toEqual([]);
      expect(limitRules(await quote(ma.id, customerId, [{ skuId: bulk.id, quantity: 9 }]))).toEqual(['us-ma.limit.au-equivalency']);
      const yesterday = addDays(localDateOf(ma.timezone, new Date()), -1);
      const before = await check({ storeId: ma.id, customerId, channel: 'in_store', at: localInstant(ma.timezone, yesterday, '12:00:00'), lines: [flowerG(9)] });
      expect(codes(before)).toEqual([]);
    });
  });

  describe('online and by weight', () => {
    it('Massachusetts: concentrate sold by the gram counts its active THC gram by gram (800 mg a gram: 6 g fits, 7 g is over the 5 g THC) [ref L70]', async () => {
      const ma = await storeIn('US-MA', 'America/New_York');
      const bulk = await product(ma, 'concentrate', { unit: 'weight', sizeLabel: '1g', netWeightMg: 1000, thcMg: 800, thcPercent: 80 }, 2000, 100_000);
      const customerId = await adult();
      // 6 × 800 = 4,800 mg THC ≤ 5,000; 7 × 800 = 5,600 mg over.
      expect(codes(await quote(ma.id, customerId, [{ skuId: bulk.id, quantity: 6 }]))).toEqual([]);
      expect(limitRules(await quote(ma.id, customerId, [{ skuId: bulk.id, quantity: 7 }]))).toEqual(['us-ma.limit.au-equivalency']);
      // Sold at the register, 4 g (3,200 mg) stay in today's ounce: 2 g more fits (4,800), 3 g is over (5,600).
      await sell(ma.id, customerId, [{ skuId: bulk.id, quantity: 4 }]);
      expect(codes(await quote(ma.id, customerId, [{ skuId: bulk.id, quantity: 2 }]))).toEqual([]);
      expect(limitRules(await quote(ma.id, customerId, [{ skuId: bulk.id, quantity: 3 }]))).toEqual(['us-ma.limit.au-equivalency']);
    });

    it('Illinois: an online pickup cart for a customer with a Wisconsin ID holds them to 15 g, as the register does [ref L69, L220]', async () => {
      const il = await storeIn('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 10);
      const cartFor = async (customerId: string, quantity: number) => {
        const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: il.id, customerId, channel: 'pickup' } });
        expect(cart.statusCode, cart.body).toBe(201);
        return server.request({ method: 'POST', url: `/v1/carts/${cart.json().id}/lines`, cookie: manager, body: { skuId: flower.id, quantity } });
      };
      // 5 × 3.5 = 17.5 g: over 15 g for a visitor, within 30 g for a resident; 4 × 3.5 = 14 g fits either.
      const visitor = await cartFor(await adult('1980-01-01', 'US-WI'), 5);
      expect(visitor.statusCode, visitor.body).toBe(422);
      expect(visitor.json().error.details.violations.map((v: Json) => v.rule)).toEqual(['us-il.limit.au-nonresident-flower']);
      expect((await cartFor(await adult('1980-01-01', 'US-WI'), 4)).statusCode).toBe(200);
      expect((await cartFor(await adult('1980-01-01', 'US-IL'), 5)).statusCode).toBe(200);
    });

    it('Massachusetts medical: the 10 oz 60-day supply counts a register sale 59 days ago at another of the organization’s Massachusetts stores [ref L93, L227]', async () => {
      const a = await storeIn('US-MA', 'America/New_York');
      const b = await storeIn('US-MA', 'America/New_York');
      const ounce = await product(a, 'flower', { netWeightMg: 28_000, thcPercent: 20 }, 1000, 10);
      const customerId = await patient('US-MA');
      const order = await sell(a.id, customerId, [{ skuId: ounce.id, quantity: 10 }]); // 280 g
      const today = localDateOf(a.timezone, new Date());
      await madeAt(order.id, localInstant(a.timezone, addDays(today, -59), '12:00:00'));
      // 10 oz = 283,495 mg: 280 g + 3 g fits, + 4 g is over.
      expect(codes(await check({ storeId: b.id, customerId, channel: 'in_store', lines: [flowerG(3)] }))).toEqual([]);
      expect(limitRules(await check({ storeId: b.id, customerId, channel: 'in_store', lines: [flowerG(4)] }))).toEqual(['us-ma.limit.med-60-days']);
      await madeAt(order.id, localInstant(a.timezone, addDays(today, -61), '12:00:00'));
      expect(codes(await check({ storeId: b.id, customerId, channel: 'in_store', lines: [flowerG(4)] }))).toEqual([]);
    });
  });

  // ---- product caps -------------------------------------------------------------------------

  describe('product caps', () => {
    it('Washington: a concentrate unit over 1 g and an edible with a 20 mg serving are not sold [ref L237]', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const big = await product(wa, 'concentrate', { netWeightMg: 2000, thcMg: 1400, thcPercent: 70 }, 4000);
      const strong = await product(wa, 'edible', { netWeightMg: 50_000, thcMg: 100, thcMgPerServing: 20, packCount: 5 }, 2000);
      const fine = await product(wa, 'edible', { netWeightMg: 50_000, thcMg: 100, thcMgPerServing: 10, packCount: 10 }, 2000);
      expect(rules(await quote(wa.id, walkIn, [{ skuId: big.id, quantity: 1 }]))).toEqual(['us-wa.product.concentrate-unit']);
      expect(rules(await quote(wa.id, walkIn, [{ skuId: strong.id, quantity: 1 }]))).toEqual(['us-wa.product.edible-package']);
      expect(codes(await quote(wa.id, walkIn, [{ skuId: fine.id, quantity: 1 }]))).toEqual([]);
    });

    it('Colorado and Nevada: an edible package of 200 mg THC is not sold; 100 mg is [ref L236, L240]', async () => {
      const co = await storeIn('US-CO', 'America/Denver');
      const nv = await storeIn('US-NV', 'America/Los_Angeles');
      for (const store of [co, nv]) {
        const strong = await product(store, 'edible', { thcMg: 200, thcMgPerServing: 10, packCount: 20 }, 2000);
        const fine = await product(store, 'edible', { thcMg: 100, thcMgPerServing: 10, packCount: 10 }, 2000);
        expect((await quote(store.id, walkIn, [{ skuId: strong.id, quantity: 1 }])).allowed, store.name).toBe(false);
        expect(codes(await quote(store.id, walkIn, [{ skuId: fine.id, quantity: 1 }])), store.name).toEqual([]);
      }
    });

    it('Arizona: a 500 mg edible is for patients (up to 1,000 mg), not adult use (100 mg a package) [ref L241]', async () => {
      const az = await storeIn('US-AZ', 'America/Phoenix');
      const medEdible = await product(az, 'edible', { thcMg: 500, thcMgPerServing: 10, packCount: 50 }, 3000);
      const tooStrong = await product(az, 'edible', { thcMg: 1100, thcMgPerServing: 10, packCount: 110 }, 3000);
      expect((await quote(az.id, walkIn, [{ skuId: medEdible.id, quantity: 1 }])).allowed).toBe(false);
      const customerId = await patient('US-AZ');
      const med = await quote(az.id, customerId, [{ skuId: medEdible.id, quantity: 1 }]);
      expect(codes(med)).toEqual([]);
      // Patients pay the 5.6% TPT only: $30 → $1.68.
      expect(taxCodes(med)).toEqual(['AZ_TPT']);
      expect(med.totals.taxCents).toBe(168);
      expect((await quote(az.id, customerId, [{ skuId: tooStrong.id, quantity: 1 }])).allowed).toBe(false);
    });
  });

  // ---- sale hours of states the first rounds left out ------------------------------------------

  describe('sale hours (the pack’s own hours)', () => {
    const cases: Array<[string, string, string, Array<[string, string, boolean]>]> = [
      // ref L176: Washington 8:00 am–12:00 midnight.
      ['US-WA', 'America/Los_Angeles', 'L176', [['2025-11-14', '07:59:30', false], ['2025-11-14', '08:00:00', true], ['2025-11-14', '23:59:30', true], ['2025-11-15', '00:00:30', false]]],
      // ref L183: New York, not 12:00 am–8:00 am.
      ['US-NY', 'America/New_York', 'L183', [['2025-11-14', '07:59:30', false], ['2025-11-14', '08:00:00', true], ['2025-11-14', '23:59:30', true], ['2025-11-15', '00:00:30', false]]],
      // ref L175: Colorado, no sales midnight–8:00 am.
      ['US-CO', 'America/Denver', 'L175', [['2025-11-14', '07:59:30', false], ['2025-11-14', '08:00:00', true], ['2025-11-14', '23:59:30', true], ['2025-11-15', '00:00:30', false]]],
      // ref L187: Ontario 9:00 am–11:00 pm.
      ['CA-ON', 'America/Toronto', 'L187', [['2025-11-14', '08:59:30', false], ['2025-11-14', '09:00:00', true], ['2025-11-14', '22:59:30', true], ['2025-11-14', '23:00:00', false]]],
    ];
    for (const [jurisdiction, timezone, ref, times] of cases) {
      it(`${jurisdiction}: ${times.map(([, t, ok]) => `${t.slice(0, 5)} ${ok ? 'sells' : 'refused'}`).join(', ')} on the store’s clock [ref ${ref}]`, async () => {
        const store = await storeAsPacked(jurisdiction, timezone);
        for (const [date, time, ok] of times) {
          const r = await check({ storeId: store.id, customer: walkIn, channel: 'in_store', at: localInstant(timezone, date, time), lines: [flowerG(3.5)] });
          expect(codes(r), `${date} ${time}`).toEqual(ok ? [] : ['OUTSIDE_SALE_HOURS']);
        }
      });
    }

    it('Washington: an online delivery cart is refused; no retail delivery [ref L154]', async () => {
      const wa = await storeIn('US-WA', 'America/Los_Angeles');
      const flower = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1370, 2);
      const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: wa.id, customerId: await adult(), channel: 'delivery' } });
      const added = cart.statusCode === 201 ? await server.request({ method: 'POST', url: `/v1/carts/${cart.json().id}/lines`, cookie: manager, body: { skuId: flower.id, quantity: 1 } }) : cart;
      expect(added.statusCode, added.body).toBe(422);
      expect(added.json().error.details.violations.map((v: Json) => v.code)).toEqual(['DELIVERY_NOT_ALLOWED']);
    });
  });

  // ---- what the server assembles: caregivers, walk-ins, overrides ------------------------------

  describe('caregivers, patients and discounts', () => {
    it('Colorado: a caregiver’s purchase for an adult patient counts toward the patient’s 2 oz a day, not the caregiver’s own ounce, and is taxed as medical [ref L88, L65, L109]', async () => {
      const co = await storeIn('US-CO', 'America/Denver');
      const flower = await product(co, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000, 8);
      const patientId = await patient('US-CO');
      const caregiverId = await adult('1975-05-05', 'US-CO');
      await linkCaregiver(patientId, caregiverId);
      // 8 × 3.5 g = 28 g for the patient, paid by the caregiver: 2.9% medical sales tax, no 15%.
      const order = await sell(co.id, patientId, [{ skuId: flower.id, quantity: 8 }], { caregiverId });
      expect(order.taxCents).toBe(2320); // 2.9% × $800
      // The patient: 2 oz = 56,699 mg; 28 g + 28 g fits, 28 g + 31.5 g is over.
      expect(codes(await quote(co.id, patientId, [{ skuId: flower.id, quantity: 8 }]))).toEqual([]);
      expect(limitRules(await quote(co.id, patientId, [{ skuId: flower.id, quantity: 9 }]))).toEqual(['us-co.limit.med-flower']);
      // Through the caregiver again, the same patient limit.
      expect(limitRules(await quote(co.id, patientId, [{ skuId: flower.id, quantity: 9 }], { caregiverId }))).toEqual(['us-co.limit.med-flower']);
      // The caregiver buying for themself still has their whole ounce (28 g).
      expect(codes(await quote(co.id, caregiverId, [{ skuId: flower.id, quantity: 8 }]))).toEqual([]);
    });

    it('Oregon: a designated primary caregiver buying for a cardholder pays no 17% tax [ref L44, L111]', async () => {
      const or = await storeIn('US-OR', 'America/Los_Angeles');
      const flower = await product(or, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000, 2);
      const patientId = await patient('US-OR', { kind: 'registry_card' });
      const caregiverId = await adult('1975-05-05', 'US-OR');
      await linkCaregiver(patientId, caregiverId);
      const q = await quote(or.id, patientId, [{ skuId: flower.id, quantity: 1 }], { caregiverId });
      expect(codes(q)).toEqual([]);
      expect(q.totals.taxCents).toBe(0);
      // The caregiver buying for themself pays it.
      expect((await quote(or.id, caregiverId, [{ skuId: flower.id, quantity: 1 }])).totals.taxCents).toBe(1700);
      // Online, a pickup cart the caregiver opens for the patient is tax-free too.
      const cart = await server.request({ method: 'POST', url: '/v1/carts', cookie: manager, body: { storeId: or.id, customerId: patientId, caregiverId, channel: 'pickup' } });
      expect(cart.statusCode, cart.body).toBe(201);
      const view = await server.request({ method: 'POST', url: `/v1/carts/${cart.json().id}/lines`, cookie: manager, body: { skuId: flower.id, quantity: 1 } });
      expect(view.statusCode, view.body).toBe(200);
      expect(view.json().totals.totalCents).toBe(10000);
    });

    it('Michigan: a manager’s price override and a promotion on the same line both come off the excise and sales-tax base [ref L112]', async () => {
      // ref L112: excise 10% of the sales price; 6% sales tax on price + excise.
      const mi = await storeIn('US-MI', 'America/Detroit');
      const flower = await product(mi, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 12000, 2);
      const promo = await server.request({
        method: 'POST',
        url: '/v1/promotions',
        cookie: owner,
        body: { storeId: mi.id, name: `10% off ${flower.code}`, receiptLabel: 'DEAL 10%', action: { type: 'percent_off_items', percent: 10, filter: { skus: [flower.code] } } },
      });
      expect(promo.statusCode, promo.body).toBe(201);
      const line = { skuId: flower.id, quantity: 1, override: { unitPriceCents: 10000, reason: 'price match' } };
      const q = await quote(mi.id, walkIn, [line]);
      // Whatever the order of the two, the customer pays (subtotal − discounts) for the goods and
      // that is the base: excise 10% of it, sales tax 6% of it plus the excise.
      const goods = q.totals.subtotalCents - q.totals.discountCents;
      expect(goods).toBeLessThan(10000); // the promotion took something off the overridden price
      expect(taxOf(q, 'MI_EXCISE')).toBe(Math.round(goods * 0.1));
      expect(taxOf(q, 'MI_SALES')).toBe(Math.round((goods + Math.round(goods * 0.1)) * 0.06));
      // Worked: $100 set by the manager, 10% off → $90; excise $9.00; 6% × $99 = $5.94; $104.94.
      expect(goods).toBe(9000);
      expect(q.totals.totalCents).toBe(10494);
      const order = await sell(mi.id, walkIn, [line]);
      expect(order.totalCents).toBe(10494);
    });

    it('Arizona medical: 2.5 oz per 14 days counts a register sale 13 days ago, not one 15 days ago [ref L95]', async () => {
      const az = await storeIn('US-AZ', 'America/Phoenix');
      const flower = await product(az, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 20);
      const customerId = await patient('US-AZ');
      const order = await sell(az.id, customerId, [{ skuId: flower.id, quantity: 20 }]); // 70 g
      const today = localDateOf(az.timezone, new Date());
      await madeAt(order.id, localInstant(az.timezone, addDays(today, -13), '12:00:00'));
      // 2.5 oz = 70,873.75 mg: 70 g + 1 g is over.
      expect(limitRules(await check({ storeId: az.id, customerId, channel: 'in_store', lines: [flowerG(1)] }))).toEqual(['us-az.limit.med-14-days']);
      await madeAt(order.id, localInstant(az.timezone, addDays(today, -15), '12:00:00'));
      expect(codes(await check({ storeId: az.id, customerId, channel: 'in_store', lines: [flowerG(1)] }))).toEqual([]);
    });
  });
});
