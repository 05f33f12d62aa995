// Fourth round of acceptance cases worked line by line from /work/shared/reference/regulations.md
// (the "reference") alone and run through Verdant's HTTP API on a real database. The first three
// rounds (packs-through-the-api.test.ts, -2, -3) covered tax bases, local rates in AZ, NY, MA, IL,
// OR and WA, store-local dates for the CA and MD rates, adult-use limits of every state, the medical
// windows of IL, MI (month), OH, MA, MO, AZ, returns and voids, hours, and delivery in CA, OR, IL and
// WA. This round covers what they did not:
// - tax changes that fall on a store-local midnight for patients (WA excise exemption from
//   2024-06-06; OR cardholder exemption for sales before 2028-01-01);
// - local taxes where the reference gives them and no earlier round set them: CA (a passed-through
//   city cannabis tax inside the excise base), CO (local sales and special marijuana taxes, and the
//   patient's 2.9% + local sales), OH (county sales tax), NV (local sales tax, excise not in base),
//   MO (local marijuana tax);
// - medical limits not yet run through the API: WA (per transaction), CA (8 oz a day, not held to
//   the adult-use 28.5 g), OR (8 oz a day, 32 oz a calendar month), NJ (3 oz per 30 days, at the
//   window's exact edge), MD (120 g usable per 30 days), MI (2.5 oz a day);
// - Illinois's non-resident halves for concentrate and infused products;
// - product caps at exactly the cap and one over: CA non-edible 1,000 mg (medical higher), MD
//   adult-use concentrate 1 g (infused pre-rolls exempt) and edibles 100 mg, NV tinctures,
//   capsules and topicals, OH SB 56 potency caps;
// - a patient's 18th birthday on the store's clock (MO); cards of other states in IL, CO, MA, NJ;
// - stores without the state's medical licence or registration: CA (A-licensed premises are 21+,
//   medicinal sales are for M-licensed ones) and OR (cardholders of 18–20 only at retailers
//   registered for medical sales). Both were sold through before this round: the store's
//   `medicalEndorsement` reached the engine but only Washington's tax exemption read it;
// - a WA manager's discount inside the excise-inclusive shelf price; IL excise at exactly 35%
//   adjusted THC; OH tier I/II at exactly 23%; CO's daily ounce on both daylight-saving days;
//   MI delivery addresses by customer kind.
// Every case names the reference line it rests on (`ref L<n>`); expected figures are worked by
// hand in the case. Where the reference marks a row unsure, the case follows what the pack
// documents and says so.
//
// Tax arithmetic (ref L262): each tax over the whole sale, rounded half-up to the cent once.
// Units (ref L16): 1 oz = 28,349.5 mg unless the rule states grams (CA 28.5 g; NJ/NV 28.35 g);
// figures are chosen to give the same answer either way where the reference allows both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packsApi } from '../support/packs-api';
import { codes, type Json, limitRules, localDateOf, localInstant, taxCodes, taxOf } from '../support/packs-cases';

/** One line of the compliance check: `quantity` units of a product with these facts per unit. */
const unit = (category: string, quantity: number, facts: Json = {}, priceCents = 1000) => ({ sku: `RAW-${category.toUpperCase()}`, category, quantity, unitPriceCents: priceCents, ...facts });
const flowerG = (grams: number, priceCents = 1000) => unit('flower', 1, { netWeightMg: Math.round(grams * 1000), thcMg: Math.round(grams * 200), thcPercent: 20 }, priceCents);
const walkIn = { kind: 'adult_use', birthDate: '1980-01-01' };
const DAY = '2025-11-15';

describe('jurisdiction packs through the API, fourth round', () => {
  const api = packsApi('Packs API4');
  beforeAll(() => api.start());
  afterAll(() => api.close());
  const { storeIn, product, adult, patient, quote, sell, check, madeAt, taxSetting } = api;
  // Limits are per customer and every case has its own customers, so cases that set no local rate
  // share one store per jurisdiction (a store costs more than the case that uses it).
  const stores = new Map<string, ReturnType<typeof storeIn>>();
  const shared = (jurisdiction: string, timezone: string) => {
    if (!stores.has(jurisdiction)) stores.set(jurisdiction, storeIn(jurisdiction, timezone));
    return stores.get(jurisdiction)!;
  };

  // ---- tax changes on a store-local midnight, for patients ------------------------------------

  describe('patients’ tax exemptions on their effective dates', () => {
    it('Washington: a recognition-card patient pays the excise inside the shelf price through 2024-06-05, none from 2024-06-06 to 2029-06-30, and pays it again from 2029-07-01 (Pacific midnight) [ref L29, L110]', async () => {
      // ref L29 (sure): patients exempt from the 37% excise "2024-06-06"; ref L110: sales/use tax
      // exemption for DB patients at a medically endorsed store (no start date given: it applies on
      // both days). $13.70 shelf = $10.00 + 37% excise $3.70 (ref L110 "excise in the shelf price").
      // 2024-06-05 23:59 PDT: excise $3.70 kept, no sales tax → $13.70. 2024-06-06 00:00:30: $10.00.
      const wa = await shared('US-WA', 'America/Los_Angeles');
      const customerId = await patient('US-WA');
      // A DOH-compliant product: the only kind the exemptions cover (ref L29, L110).
      const line = unit('flower', 1, { netWeightMg: 3500, thcPercent: 20, dohCompliant: true }, 1370);
      const before = await check({ storeId: wa.id, customerId, channel: 'in_store', at: localInstant(wa.timezone, '2024-06-05', '23:59:00'), lines: [line] });
      expect(codes(before)).toEqual([]);
      expect((before.taxes as Json[]).filter((t) => t.amountCents > 0).map((t) => [t.includedInPrice, t.amountCents])).toEqual([[true, 370]]);
      expect(before.totalCents).toBe(1370);
      const from = await check({ storeId: wa.id, customerId, channel: 'in_store', at: localInstant(wa.timezone, '2024-06-06', '00:00:30'), lines: [line] });
      expect(taxCodes(from)).toEqual([]);
      expect(from.totalCents).toBe(1000);
      // ref L29: the excise exemption "sunsets 2029-06-30": the last day $10.00, the next $13.70 again.
      const last = await check({ storeId: wa.id, customerId, channel: 'in_store', at: localInstant(wa.timezone, '2029-06-30', '23:59:00'), lines: [line] });
      expect(last.totalCents).toBe(1000);
      const sunset = await check({ storeId: wa.id, customerId, channel: 'in_store', at: localInstant(wa.timezone, '2029-07-01', '00:00:30'), lines: [line] });
      expect((sunset.taxes as Json[]).filter((t) => t.amountCents > 0).map((t) => [t.includedInPrice, t.amountCents])).toEqual([[true, 370]]);
      expect(sunset.totalCents).toBe(1370);
    });

    it('Oregon: a registry cardholder pays no 17% on 2027-12-31 at 23:59 and pays it from 2028-01-01 (Pacific) [ref L111]', async () => {
      // ref L111 (sure): the cardholder exemption "applies to sales before 2028-01-01". $100 × 17% = $17.00.
      const or = await shared('US-OR', 'America/Los_Angeles');
      const customerId = await patient('US-OR');
      const last = await check({ storeId: or.id, customerId, channel: 'in_store', at: localInstant(or.timezone, '2027-12-31', '23:59:00'), lines: [flowerG(3.5, 10000)] });
      expect(codes(last)).toEqual([]);
      expect(last.totalCents).toBe(10000);
      const after = await check({ storeId: or.id, customerId, channel: 'in_store', at: localInstant(or.timezone, '2028-01-01', '00:00:30'), lines: [flowerG(3.5, 10000)] });
      expect(after.totalCents).toBe(11700);
    });

    it('Washington: a manager’s discount comes off the excise inside the shelf price and off the sales-tax base ($13.70 − $1.37 → $9.00 + $3.33; 6.5% × $9.00) [ref L110, L131]', async () => {
      // ref L110 (sure): the 37% excise is in the shelf price; sales tax on the pre-excise selling
      // price. $12.33 paid = $9.00 × 1.37: excise $3.33 (inside), sales tax 6.5% × $9.00 = 58.5¢ →
      // 59¢ (half-up): total $12.92. Taxed on the undiscounted price it would be 65¢ and $12.98.
      const wa = await shared('US-WA', 'America/Los_Angeles');
      const flower = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1370, 2);
      const line = { skuId: flower.id, quantity: 1, override: { discountCents: 137, reason: 'damaged jar' } };
      const q = await quote(wa.id, walkIn, [line]);
      expect((q.taxes as Json[]).find((t) => t.includedInPrice)?.amountCents).toBe(333);
      expect(taxOf(q, 'WA_SALES')).toBe(59);
      expect(q.totals.totalCents).toBe(1292);
      const order = await sell(wa.id, walkIn, [line]);
      expect(order.totalCents).toBe(1292);
    });

    it('Illinois: a vape of exactly 35% THC pays the 10% excise, 35.01% the 25%; adjusted THC counts THCA at 0.877 (20% + 17.2% THCA = 35.08%) [ref L113]', async () => {
      // ref L113 (sure): 10% for non-infused ≤35% adjusted THC, 25% above; adjusted = Δ9 + 0.877 × THCA;
      // vapes are "non-infused" and taxed by potency. $100: 10% = $10.00, 25% = $25.00; ROT 6.25% = $6.25.
      const il = await shared('US-IL', 'America/Chicago');
      const c = (facts: Json) => check({ storeId: il.id, customer: { ...walkIn, idJurisdiction: 'US-IL' }, channel: 'in_store', lines: [unit('vape', 1, { netWeightMg: 500, ...facts }, 10000)] });
      const at35 = await c({ thcPercent: 35 });
      expect([taxOf(at35, 'IL_EXCISE_10'), taxOf(at35, 'IL_EXCISE_25') ?? 0, taxOf(at35, 'IL_ROT')]).toEqual([1000, 0, 625]);
      const over = await c({ thcPercent: 35.01 });
      expect([taxOf(over, 'IL_EXCISE_10') ?? 0, taxOf(over, 'IL_EXCISE_25')]).toEqual([0, 2500]);
      const adjusted = await c({ thcPercent: 20, thcaPercent: 17.2 });
      expect([taxOf(adjusted, 'IL_EXCISE_10') ?? 0, taxOf(adjusted, 'IL_EXCISE_25')]).toEqual([0, 2500]);
    });
  });

  // ---- local taxes where the reference gives them ---------------------------------------------

  describe('local taxes set per store', () => {
    it('California: a passed-through city cannabis tax is part of the excise’s gross receipts; the district tax rides on the 7.25% [ref L108, L129]', async () => {
      // ref L108 (sure): "City cannabis business taxes … if passed to customer they are part of excise
      // gross receipts"; excise base = price after discounts + … + passed-through local cannabis tax;
      // sales-tax base includes the excise. $100 flower, city cannabis tax 10%, district tax 1.25%:
      //   city tax 10% × $100 = $10.00
      //   excise 15% × ($100 + $10) = $16.50 (not 15% × $100 = $15.00)
      //   sales tax (7.25% + 1.25%) × a base of at least $100 + $16.50 = ≥ $9.90 (whether the city
      //   tax is also in it the reference does not say; the case asserts only the bound).
      const ca = await storeIn('US-CA', 'America/Los_Angeles');
      await taxSetting(ca.id, { localSalesTaxRate: 0.0125, localCannabisTaxRate: 0.1, effectiveFrom: '2025-01-01' });
      const flower = await product(ca, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const q = await quote(ca.id, walkIn, [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(q)).toEqual([]);
      const local = (q.taxes as Json[]).filter((t) => t.code !== 'CA_EXCISE' && t.code !== 'CA_SALES' && t.amountCents > 0).map((t) => t.amountCents);
      expect(local).toContain(1000);
      expect(taxOf(q, 'CA_EXCISE')).toBe(1650);
      const sales = q.totals.taxCents - 1000 - 1650;
      expect(sales).toBeGreaterThanOrEqual(990);
    });

    it('Colorado: adult use pays 15% + local sales + local special marijuana tax; a patient pays 2.9% + local sales only [ref L109, L130]', async () => {
      // ref L109 (sure): AU 15% retail marijuana sales tax, no 2.9%; "Local sales taxes and local
      // special marijuana taxes apply"; medical: "2.9% state + local sales tax; no 15%".
      // $100, local sales 4.81%, local special marijuana tax 5.75% (all on the price):
      //   AU: $15.00 + $4.81 + $5.75 = $25.56. Patient: $2.90 + $4.81 = $7.71.
      const co = await storeIn('US-CO', 'America/Denver');
      await taxSetting(co.id, { localSalesTaxRate: 0.0481, localCannabisTaxRate: 0.0575, effectiveFrom: '2025-01-01' });
      const flower = await product(co, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      const au = await quote(co.id, walkIn, [{ skuId: flower.id, quantity: 1 }]);
      expect(au.totals.taxCents).toBe(2556);
      const med = await quote(co.id, await patient('US-CO'), [{ skuId: flower.id, quantity: 1 }]);
      expect(codes(med)).toEqual([]);
      expect(med.totals.taxCents).toBe(771);
    });

    it('Ohio: a county sales tax rides on the 5.75%, the 10% excise stays out of its base; a patient pays the sales taxes only [ref L121, L142]', async () => {
      // ref L121: $100 → $10 excise + sales tax on $100 (not on the excise); ref L142: county rates
      // are local add-ons. County 2.25%: (5.75% + 2.25%) × $100 = $8.00. AU $18.00; patient $8.00.
      const oh = await storeIn('US-OH', 'America/New_York');
      await taxSetting(oh.id, { localSalesTaxRate: 0.0225, localCannabisTaxRate: 0, effectiveFrom: '2025-01-01' });
      const flower = await product(oh, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      expect((await quote(oh.id, walkIn, [{ skuId: flower.id, quantity: 1 }])).totals.taxCents).toBe(1800);
      expect((await quote(oh.id, await patient('US-OH'), [{ skuId: flower.id, quantity: 1 }])).totals.taxCents).toBe(800);
    });

    it('Nevada: a local sales tax rides on the 6.85% on the price without the excise; a card holder pays the sales taxes only [ref L115, L136]', async () => {
      // ref L115: 10% excise; sales tax (6.85% state + local) on the price excluding the excise;
      // card holders exempt from the 10%. Local 1.525% → 8.375% × $100 = 837.5¢ → 838¢ (half-up).
      // AU: 1000 + 838 = 1838. Patient: 838.
      const nv = await storeIn('US-NV', 'America/Los_Angeles');
      await taxSetting(nv.id, { localSalesTaxRate: 0.01525, localCannabisTaxRate: 0, effectiveFrom: '2025-01-01' });
      const flower = await product(nv, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      expect((await quote(nv.id, walkIn, [{ skuId: flower.id, quantity: 1 }])).totals.taxCents).toBe(1838);
      expect((await quote(nv.id, await patient('US-NV'), [{ skuId: flower.id, quantity: 1 }])).totals.taxCents).toBe(838);
    });

    it('Missouri: a 3% local marijuana tax and a 2% local sales tax on top of the 6% and 4.225% for adult use [ref L120, L141]', async () => {
      // ref L120: 6% AU marijuana tax and state + local sales tax, "both taxes should be collected";
      // local marijuana tax up to 3%. Base interplay unsure: the pack puts each on the price (as the
      // third round's Missouri case does). $100: 600 + (4.225% + 2%) 622.5 → 623 + 300 = 1523.
      const mo = await storeIn('US-MO', 'America/Chicago');
      await taxSetting(mo.id, { localSalesTaxRate: 0.02, localCannabisTaxRate: 0.03, effectiveFrom: '2025-01-01' });
      const flower = await product(mo, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      expect((await quote(mo.id, walkIn, [{ skuId: flower.id, quantity: 1 }])).totals.taxCents).toBe(1523);
    });
  });

  // ---- medical limits not yet run through the API ---------------------------------------------

  describe('medical limits', () => {
    it('Washington: a database patient buys 3 oz of flower AND 21 g of concentrate in one transaction; 25 jars or a 22nd gram is over [ref L89]', async () => {
      // ref L89: 3 oz useable (85,048.5 mg), 21 g concentrate, per transaction. 24 × 3.5 g = 84 g fits,
      // 25 × 3.5 g = 87.5 g is over; 21 × 1 g fits, 22 is over. (An adult-use customer: 7 g, ref L66.)
      const wa = await shared('US-WA', 'America/Los_Angeles');
      const flower = await product(wa, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1370);
      const conc = await product(wa, 'concentrate', { netWeightMg: 1000, thcMg: 800, thcPercent: 80 }, 1370);
      const customerId = await patient('US-WA');
      expect(codes(await quote(wa.id, customerId, [{ skuId: flower.id, quantity: 24 }, { skuId: conc.id, quantity: 21 }]))).toEqual([]);
      expect(limitRules(await quote(wa.id, customerId, [{ skuId: flower.id, quantity: 25 }]))).toEqual(['us-wa.limit.med-usable']);
      expect(limitRules(await quote(wa.id, customerId, [{ skuId: conc.id, quantity: 22 }]))).toEqual(['us-wa.limit.med-concentrate']);
    });

    it('California: a patient buys up to 8 oz of dried flower a day, not held to the adult-use 28.5 g; 229 g is over [ref L64, L87]', async () => {
      // ref L87 (sure): 8 oz dried flower per day (226.8 g at 28.3495 g/oz; 228 g at CA's 28.5 g);
      // ref L64: AU and medical limits are not stacked. 226 g fits either way; 229 g is over either way.
      const ca = await shared('US-CA', 'America/Los_Angeles');
      const customerId = await patient('US-CA', { kind: 'registry_card' });
      const at = localInstant(ca.timezone, DAY, '14:00:00');
      const ok = await check({ storeId: ca.id, customerId, channel: 'in_store', at, lines: [flowerG(226)] });
      expect(codes(ok)).toEqual([]);
      const over = await check({ storeId: ca.id, customerId, channel: 'in_store', at, lines: [flowerG(229)] });
      expect(limitRules(over)).toEqual(['us-ca.limit.med-dried-flower']);
    });

    it('Michigan: a patient buys 2.5 oz a day: 70 g fits, 71 g is over [ref L91]', async () => {
      // ref L91: 2.5 oz equivalent per day = 70,873.75 mg.
      const mi = await shared('US-MI', 'America/Detroit');
      const customerId = await patient('US-MI');
      const at = localInstant(mi.timezone, DAY, '14:00:00');
      expect(codes(await check({ storeId: mi.id, customerId, channel: 'in_store', at, lines: [flowerG(70)] }))).toEqual([]);
      expect(limitRules(await check({ storeId: mi.id, customerId, channel: 'in_store', at, lines: [flowerG(71)] })).length).toBe(1);
    });

    it('Oregon: a patient buys 8 oz a day and 32 oz a calendar month; a sale on Oct 31 at 23:59 does not count in November [ref L90]', async () => {
      // ref L90 (unsure, followed as the pack documents it: day + calendar month): 8 oz = 226,796 mg;
      // 32 oz = 907,184 mg. Four earlier sales of 8 × 28 g = 224 g on Nov 1–4 = 896 g; on Nov 15
      // 11 g more = 907 g fits; 12 g = 908 g is over the month. Moving the Nov 1 sale to Oct 31 23:59
      // leaves 672 g in November: 12 g fits. On one day 226 g fits, 227 g is over the day.
      const or = await shared('US-OR', 'America/Los_Angeles');
      const ounce = await product(or, 'flower', { netWeightMg: 28000, thcPercent: 20 }, 1000, 40);
      const customerId = await patient('US-OR');
      const orders: string[] = [];
      for (const date of ['2025-11-01', '2025-11-02', '2025-11-03', '2025-11-04']) {
        const order = await sell(or.id, customerId, [{ skuId: ounce.id, quantity: 8 }]);
        await madeAt(order.id, localInstant(or.timezone, date, '12:00:00'));
        orders.push(order.id);
      }
      const at = localInstant(or.timezone, DAY, '14:00:00');
      const c = (grams: number) => check({ storeId: or.id, customerId, channel: 'in_store', at, lines: [flowerG(grams)] });
      expect(codes(await c(11))).toEqual([]);
      expect(limitRules(await c(12))).toEqual(['us-or.limit.med-usable-month']);
      await madeAt(orders[0], localInstant(or.timezone, '2025-10-31', '23:59:00'));
      expect(codes(await c(12))).toEqual([]);
      expect(codes(await c(226))).toEqual([]);
      expect(limitRules(await c(227))).toEqual(['us-or.limit.med-usable-day']);
    });

    it('New Jersey: a patient’s 3 oz per 30 days counts a sale 29 store-local days back (00:00:30) and not one 30 days back (23:59) [ref L97]', async () => {
      // ref L97: 3 oz per 30 days; NJ ounce 28.35 g (ref L16) → 85,050 mg. Window of 30 days = the
      // sale day and the 29 before it: on 2025-11-15 it starts 2025-10-17 00:00 (EDT; daylight
      // time ends inside the window on Nov 2). Earlier sale 24 × 3.5 g = 84 g: + 1 g = 85 g fits,
      // + 2 g = 86 g is over while it counts; moved to 2025-10-16 23:59 it no longer counts.
      const nj = await shared('US-NJ', 'America/New_York');
      const flower = await product(nj, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 30);
      const customerId = await patient('US-NJ');
      const order = await sell(nj.id, customerId, [{ skuId: flower.id, quantity: 24 }]);
      await madeAt(order.id, localInstant(nj.timezone, '2025-10-17', '00:00:30'));
      const at = localInstant(nj.timezone, DAY, '14:00:00');
      const c = (grams: number) => check({ storeId: nj.id, customerId, channel: 'in_store', at, lines: [flowerG(grams)] });
      expect(codes(await c(1))).toEqual([]);
      expect(limitRules(await c(2))).toEqual(['us-nj.limit.med-30-days']);
      await madeAt(order.id, localInstant(nj.timezone, '2025-10-16', '23:59:00'));
      expect(codes(await c(2))).toEqual([]);
    });

    it('Maryland: a patient’s 120 g of usable cannabis per 30 days counts an earlier register sale: 100 g + 20 g fits, + 21 g is over [ref L98]', async () => {
      // ref L98 (sure): 120 g usable AND 36 g THC in infused products per 30-day supply, rolling.
      // Earlier sale 10 × 10 g = 100 g, 20 days ago.
      const md = await shared('US-MD', 'America/New_York');
      const flower = await product(md, 'flower', { netWeightMg: 10000, thcPercent: 20 }, 1000, 10);
      const customerId = await patient('US-MD');
      const order = await sell(md.id, customerId, [{ skuId: flower.id, quantity: 10 }]);
      await madeAt(order.id, localInstant(md.timezone, '2025-10-26', '12:00:00'));
      const at = localInstant(md.timezone, DAY, '14:00:00');
      const c = (grams: number) => check({ storeId: md.id, customerId, channel: 'in_store', at, lines: [flowerG(grams)] });
      expect(codes(await c(20))).toEqual([]);
      expect(limitRules(await c(21))).toEqual(['us-md.limit.med-usable-30-days']);
    });

    it('California: a store without a medical licence (A-licensed) serves a patient as adult use: 21+, the 28.5 g, and the sales tax [ref L41, L64, L87, L108]', async () => {
      // ref L41 (sure): adult-use "21+ (A-licensed premises limited to 21+)"; medical "18+ … (M-licensed
      // premises)". A store that says it holds no medical licence (medicalEndorsement false) does not
      // sell to a patient of 19, and sells to an adult patient as to anyone: the adult-use 28.5 g
      // (ref L64; 29 g is over it, though far under the medical 8 oz of ref L87) and, with a county
      // card, the 7.25% sales tax on $100 + $15 excise = 833.75¢ → 834¢ (ref L108).
      const res = await api.server.request({
        method: 'POST',
        url: '/v1/stores',
        cookie: api.owner,
        body: { name: `Packs API4 US-CA A-licensed ${api.uniq()}`, licenseNumber: `P4-CA-A-${api.uniq()}-${Date.now()}`, jurisdiction: 'US-CA', timezone: 'America/Los_Angeles', medicalEndorsement: false },
      });
      expect(res.statusCode, res.body).toBe(201);
      const storeId = res.json().id as string;
      const at = localInstant('America/Los_Angeles', DAY, '14:00:00');
      const c = (customerId: string, grams: number) => check({ storeId, customerId, channel: 'in_store', at, lines: [flowerG(grams, 10000)] });
      const nineteen = await patient('US-CA', { kind: 'registry_card' }, '2006-01-01');
      expect(codes(await c(nineteen, 3.5))).toEqual(['UNDERAGE']);
      // The register reads the store's licence as the check does.
      const flower = await product({ id: storeId, name: 'A-licensed' }, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
      expect(codes(await quote(storeId, nineteen, [{ skuId: flower.id, quantity: 1 }]))).toContain('UNDERAGE');
      const adultPatient = await patient('US-CA', { kind: 'registry_card' });
      const served = await c(adultPatient, 3.5);
      expect(codes(served)).toEqual([]);
      expect(served.context.customerKind).toBe('adult_use');
      expect([taxOf(served, 'CA_EXCISE'), taxOf(served, 'CA_SALES')]).toEqual([1500, 834]);
      expect(limitRules(await c(adultPatient, 29))).toEqual(['us-ca.limit.au-non-concentrated']);
      // The same patients at a store with its medical licence (the default): 19 is old enough, no sales tax.
      const licensed = await shared('US-CA', 'America/Los_Angeles');
      expect(codes(await check({ storeId: licensed.id, customerId: nineteen, channel: 'in_store', at, lines: [flowerG(3.5, 10000)] }))).toEqual([]);
      expect(taxOf(await check({ storeId: licensed.id, customerId: adultPatient, channel: 'in_store', at, lines: [flowerG(3.5, 10000)] }), 'CA_SALES') ?? 0).toBe(0);
    });

    it('Oregon: a cardholder of 19 buys at a retailer registered for medical sales, not at one that is not; a cardholder of 21 buys at both [ref L44]', async () => {
      // ref L44 (sure): "OMMP cardholders 18–21 may buy at OLCC retailers registered for medical sales
      // (OAR 845-025-2800(2)(b)(B))". A store says it is not registered with medicalEndorsement false.
      // Nothing in the reference ties the cardholder's tax exemption (ref L111) to the registration,
      // so the 21-year-old pays no 17% at either store.
      const res = await api.server.request({
        method: 'POST',
        url: '/v1/stores',
        cookie: api.owner,
        body: { name: `Packs API4 US-OR unregistered ${api.uniq()}`, licenseNumber: `P4-OR-U-${api.uniq()}-${Date.now()}`, jurisdiction: 'US-OR', timezone: 'America/Los_Angeles', medicalEndorsement: false },
      });
      expect(res.statusCode, res.body).toBe(201);
      const unregistered = res.json().id as string;
      const registered = (await shared('US-OR', 'America/Los_Angeles')).id;
      const at = localInstant('America/Los_Angeles', DAY, '14:00:00');
      const c = (storeId: string, customerId: string) => check({ storeId, customerId, channel: 'in_store', at, lines: [flowerG(3.5, 10000)] });
      const nineteen = await patient('US-OR', {}, '2006-01-01');
      expect(codes(await c(unregistered, nineteen))).toEqual(['UNDERAGE']);
      expect(codes(await c(registered, nineteen))).toEqual([]);
      const twentyOne = await patient('US-OR', {}, '2004-01-01');
      for (const storeId of [unregistered, registered]) {
        const r = await c(storeId, twentyOne);
        expect(codes(r)).toEqual([]);
        expect(r.totalCents).toBe(10000);
      }
    });

    it('Nevada: a patient’s 2.5 oz per 14 days counts a sale 13 store-local days back and not one 14 days back [ref L94]', async () => {
      // ref L94 (unsure, followed as the pack documents it): 2.5 oz per 14 days; NV ounce 28.35 g
      // (ref L16) → 70,875 mg. Earlier sale 20 × 3.5 g = 70 g on 2025-11-02 (daylight time ends
      // that night): on 2025-11-15 + 0.8 g = 70.8 g fits, + 1 g = 71 g is over; moved to
      // 2025-11-01 23:59 (14 days back) it no longer counts.
      const nv = await shared('US-NV', 'America/Los_Angeles');
      const flower = await product(nv, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 20);
      const customerId = await patient('US-NV');
      const order = await sell(nv.id, customerId, [{ skuId: flower.id, quantity: 20 }]);
      await madeAt(order.id, localInstant(nv.timezone, '2025-11-02', '00:00:30'));
      const at = localInstant(nv.timezone, DAY, '23:00:00');
      const c = (grams: number) => check({ storeId: nv.id, customerId, channel: 'in_store', at, lines: [flowerG(grams)] });
      expect(codes(await c(0.8))).toEqual([]);
      expect(limitRules(await c(1))).toEqual(['us-nv.limit.med-14-days']);
      await madeAt(order.id, localInstant(nv.timezone, '2025-11-01', '23:59:00'));
      expect(codes(await c(1))).toEqual([]);
    });

    it('cards from another state: refused in Illinois and Colorado, accepted in Massachusetts (tax-free), refused in New Jersey [ref L42, L46, L47, L51, L114]', async () => {
      // ref L46: IL out-of-state patients NOT allowed; ref L42: CO cards are CO residents only, no
      // reciprocity; ref L47: MA accepts other-jurisdiction certifications, and a patient pays none
      // of the three taxes (ref L114); ref L51: NJ out-of-state patients via a 6-month NJ card.
      for (const [jurisdiction, timezone, visiting, accepted] of [
        ['US-IL', 'America/Chicago', 'US-WI', false],
        ['US-CO', 'America/Denver', 'US-CA', false],
        ['US-MA', 'America/New_York', 'US-ME', true],
        ['US-NJ', 'America/New_York', 'US-NY', false],
      ] as const) {
        const store = await shared(jurisdiction, timezone);
        const flower = await product(store, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 10000);
        const q = await quote(store.id, await patient(visiting), [{ skuId: flower.id, quantity: 1 }]);
        if (accepted) {
          expect(codes(q), jurisdiction).toEqual([]);
          expect(q.totals.taxCents, jurisdiction).toBe(0);
        } else {
          expect(codes(q), jurisdiction).toEqual(['MEDICAL_CARD_INVALID']);
        }
      }
    });

    it('Ohio: a patient’s flower of exactly 23% THC is tier I (8 oz in 90 days) and of 23.01% tier II (5.3 oz) [ref L100]', async () => {
      // ref L100 (sure): tier I ≤23% THC: 8 oz; tier II 23–35%: 5.3 oz (150,252.35 mg), aggregated as
      // fractions. 151 g of 23% = 151/226.796 of the supply: fits; 151 g of 23.01% = 151/150.252: over.
      const oh = await shared('US-OH', 'America/New_York');
      const customerId = await patient('US-OH');
      const at = localInstant(oh.timezone, DAY, '14:00:00');
      const line = (thcPercent: number) => unit('flower', 1, { netWeightMg: 151_000, thcMg: 151_000 * thcPercent / 100, thcPercent });
      expect(codes(await check({ storeId: oh.id, customerId, channel: 'in_store', at, lines: [line(23)] }))).toEqual([]);
      expect(limitRules(await check({ storeId: oh.id, customerId, channel: 'in_store', at, lines: [line(23.01)] }))).toEqual(['us-oh.limit.med-90-day-supply']);
    });

    it('Missouri: a patient on file buys on the 18th birthday at store-local midnight, not the evening before [ref L53]', async () => {
      // ref L53: patients 18+ with a card (under 18 only through a caregiver). Born 2007-11-16:
      // 23:30 on 2025-11-15 in Chicago (05:30 UTC on the 16th) is still 17; 00:30 on the 16th is 18.
      const mo = await shared('US-MO', 'America/Chicago');
      const customerId = await patient('US-MO', {}, '2007-11-16');
      const eve = await check({ storeId: mo.id, customerId, channel: 'in_store', at: localInstant(mo.timezone, '2025-11-15', '23:30:00'), lines: [flowerG(3.5)] });
      expect(eve.allowed).toBe(false);
      const day = await check({ storeId: mo.id, customerId, channel: 'in_store', at: localInstant(mo.timezone, '2025-11-16', '00:30:00'), lines: [flowerG(3.5)] });
      expect(codes(day)).toEqual([]);
    });
  });

  // ---- a day that is not 24 hours long ---------------------------------------------------------

  describe('daylight-saving days', () => {
    it('Colorado: the daily ounce spans the whole 25-hour day daylight time ends and the 23-hour day it begins, on the store’s clock [ref L65]', async () => {
      // ref L65 (sure ratios, enforced per customer per day): 1 oz = 28 g in the equivalency.
      // 2025-11-02 in Denver: 00:10 MDT and 23:50 MST are 24 h 40 min apart and the same day: 20 g
      // bought at 00:10 + 10 g at 23:50 = 30 g is over; 8 g fits. 2025-03-09: a sale at 23:50 on the
      // 8th is 20 minutes before 00:10 on the 9th but another day: 28 g fits at 00:10.
      const co = await shared('US-CO', 'America/Denver');
      const flower = await product(co, 'flower', { netWeightMg: 20000, thcPercent: 20 }, 1000, 2);
      const customerId = await adult();
      const order = await sell(co.id, customerId, [{ skuId: flower.id, quantity: 1 }]);
      const c = (date: string, time: string, grams: number) => check({ storeId: co.id, customerId, channel: 'in_store', at: localInstant(co.timezone, date, time), lines: [flowerG(grams)] });
      await madeAt(order.id, localInstant(co.timezone, '2025-11-02', '00:10:00'));
      expect(limitRules(await c('2025-11-02', '23:50:00', 10))).toEqual(['us-co.limit.au-equivalency']);
      expect(codes(await c('2025-11-02', '23:50:00', 8))).toEqual([]);
      expect(codes(await c('2025-11-03', '00:10:00', 28))).toEqual([]);
      await madeAt(order.id, localInstant(co.timezone, '2025-03-08', '23:50:00'));
      expect(codes(await c('2025-03-09', '00:10:00', 28))).toEqual([]);
      await madeAt(order.id, localInstant(co.timezone, '2025-03-09', '00:10:00'));
      expect(limitRules(await c('2025-03-09', '23:50:00', 10))).toEqual(['us-co.limit.au-equivalency']);
    });
  });

  // ---- Illinois non-residents ------------------------------------------------------------------

  describe('Illinois non-residents', () => {
    it('a customer on file with an Indiana ID buys 2.5 g of concentrate and 250 mg of infused products; 3 g or 300 mg is over; a resident buys 5 g and 500 mg [ref L69, L220]', async () => {
      // ref L69 (sure): residents 30 g / 5 g / 500 mg; non-residents half: 15 g / 2.5 g / 250 mg; by ID state.
      const il = await shared('US-IL', 'America/Chicago');
      const halfGram = await product(il, 'concentrate', { netWeightMg: 500, thcMg: 400, thcPercent: 80 }, 1000);
      const gummies = await product(il, 'edible', { thcMg: 50, thcMgPerServing: 5, packCount: 10 }, 1000);
      const visitor = await adult('1980-01-01', 'US-IN');
      const resident = await adult('1980-01-01', 'US-IL');
      expect(codes(await quote(il.id, visitor, [{ skuId: halfGram.id, quantity: 5 }, { skuId: gummies.id, quantity: 5 }]))).toEqual([]);
      expect(limitRules(await quote(il.id, visitor, [{ skuId: halfGram.id, quantity: 6 }]))).toEqual(['us-il.limit.au-nonresident-concentrate']);
      expect(limitRules(await quote(il.id, visitor, [{ skuId: gummies.id, quantity: 6 }]))).toEqual(['us-il.limit.au-nonresident-infused']);
      expect(codes(await quote(il.id, resident, [{ skuId: halfGram.id, quantity: 10 }, { skuId: gummies.id, quantity: 10 }]))).toEqual([]);
      expect(limitRules(await quote(il.id, resident, [{ skuId: halfGram.id, quantity: 11 }, { skuId: gummies.id, quantity: 11 }]))).toHaveLength(2);
    });

    it('a customer on file with no ID state recorded is held to the non-resident 15 g [ref L69 “decided by ID state”]', async () => {
      // ref L69 (sure): non-residents half, decided by the ID's state. With no ID state on file the
      // pack documents "unknown = non-resident" (the stricter reading). 5 × 3.5 g = 17.5 g is over
      // 15 g; 4 × 3.5 g = 14 g fits.
      const il = await shared('US-IL', 'America/Chicago');
      const flower = await product(il, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000);
      const unknown = await adult();
      expect(limitRules(await quote(il.id, unknown, [{ skuId: flower.id, quantity: 5 }]))).toEqual(['us-il.limit.au-nonresident-flower']);
      expect(codes(await quote(il.id, unknown, [{ skuId: flower.id, quantity: 4 }]))).toEqual([]);
    });
  });

  // ---- delivery addresses by customer kind -------------------------------------------------------

  describe('delivery', () => {
    it('Michigan: adult use is delivered to a residence or a designated consumption establishment; a patient only to a residence [ref L156]', async () => {
      // ref L156 (sure rule): AU "residential address or designated consumption establishment given
      // at order"; medical "Yes (to patient's residence)".
      const mi = await shared('US-MI', 'America/Detroit');
      const flower = await product(mi, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000, 3);
      const detroit = { line1: '1 Woodward Ave', city: 'Detroit', region: 'MI', postalCode: '48226' };
      const attempt = async (customerId: string, addressType: string) => {
        const cart = await api.newCart(mi.id, customerId, 'delivery');
        expect((await api.fulfil(cart, api.delivery(detroit, addressType))).statusCode).toBe(200);
        const added = await api.addLine(cart, { skuId: flower.id, quantity: 1 });
        return added.statusCode === 200 ? api.complete(cart) : added;
      };
      const lounge = await attempt(await adult(), 'consumption_establishment');
      expect(lounge.statusCode, lounge.body).toBe(201);
      const patientId = await patient('US-MI');
      const notHome = await attempt(patientId, 'consumption_establishment');
      expect(notHome.statusCode, notHome.body).toBe(422);
      expect(notHome.json().error.details.violations.map((v: Json) => v.code)).toEqual(['DELIVERY_NOT_ALLOWED']);
      const home = await attempt(patientId, 'residence');
      expect(home.statusCode, home.body).toBe(201);
    });
  });

  // ---- product caps at the cap and one over -----------------------------------------------------

  describe('product caps', () => {
    it('California: infused pre-rolls count by THC toward the 8 g of concentrate with vapes by weight, not toward the 28.5 g [ref L64, L252]', async () => {
      // ref L64: 8 g concentrate "including concentrate contained in products"; the vendor guide maps
      // infused pre-rolls to concentrate by THC; the mg→g conversion is unsure (ref L252) and the pack
      // documents 1 mg THC = 1 mg of concentrate. 5 vapes × 1 g = 5,000 mg + 8 pre-rolls × 375 mg THC
      // = 3,000 mg → 8,000 mg fits (with 28 g of flower); a 9th pre-roll (8,375 mg) is over.
      const ca = await shared('US-CA', 'America/Los_Angeles');
      const vape = await product(ca, 'vape', { netWeightMg: 1000, thcMg: 850, thcPercent: 85 }, 3000);
      const infused = await product(ca, 'infused_pre_roll', { netWeightMg: 1000, thcMg: 375, thcPercent: 37.5, infused: true }, 1500);
      const flower = await product(ca, 'flower', { netWeightMg: 3500, thcPercent: 20 }, 1000);
      const customerId = await adult();
      const base = [{ skuId: vape.id, quantity: 5 }, { skuId: flower.id, quantity: 8 }];
      expect(codes(await quote(ca.id, customerId, [...base, { skuId: infused.id, quantity: 8 }]))).toEqual([]);
      expect(limitRules(await quote(ca.id, customerId, [...base, { skuId: infused.id, quantity: 9 }]))).toEqual(['us-ca.limit.au-concentrate']);
    });

    it('California: a 1,000 mg vape is sold to adult use, a 1,001 mg one is not; a patient may buy a 1,500 mg one [ref L235]', async () => {
      // ref L235 (likely): non-edible products ≤1,000 mg THC per package AU, up to ~2,000 mg medicinal.
      const ca = await shared('US-CA', 'America/Los_Angeles');
      const at = localInstant(ca.timezone, DAY, '14:00:00');
      const vape = (thcMg: number) => unit('vape', 1, { netWeightMg: 2000, thcMg, thcPercent: thcMg / 20 }, 4000);
      const c = (who: Json, thcMg: number) => check({ storeId: ca.id, ...who, channel: 'in_store', at, lines: [vape(thcMg)] });
      expect(codes(await c({ customer: walkIn }, 1000))).toEqual([]);
      expect((await c({ customer: walkIn }, 1001)).allowed).toBe(false);
      const customerId = await patient('US-CA', { kind: 'registry_card' });
      expect(codes(await c({ customerId }, 1500))).toEqual([]);
    });

    it('Maryland: adult use buys a 1.000 g concentrate, not a 1.001 g one; an infused pre-roll of 1.5 g is exempt from the gram; edibles 100 mg a package, not 101 mg [ref L242]', async () => {
      // ref L242 (sure): AU concentrates ≤1 g total weight; infused pre-rolls exempt from the 1 g;
      // edibles ≤10 mg/serving and ≤100 mg/package. Higher-potency items are for patients.
      const md = await shared('US-MD', 'America/New_York');
      const at = localInstant(md.timezone, DAY, '14:00:00');
      const c = (line: Json, who: Json = { customer: walkIn }) => check({ storeId: md.id, ...who, channel: 'in_store', at, lines: [line] });
      expect(codes(await c(unit('concentrate', 1, { netWeightMg: 1000, thcMg: 800, thcPercent: 80 })))).toEqual([]);
      expect((await c(unit('concentrate', 1, { netWeightMg: 1001, thcMg: 800, thcPercent: 80 }))).allowed).toBe(false);
      expect(codes(await c(unit('infused_pre_roll', 1, { netWeightMg: 1500, thcMg: 450, thcPercent: 30, infused: true })))).toEqual([]);
      expect(codes(await c(unit('edible', 1, { thcMg: 100, thcMgPerServing: 10, packCount: 10 })))).toEqual([]);
      expect((await c(unit('edible', 1, { thcMg: 101, thcMgPerServing: 10.1, packCount: 10 }))).allowed).toBe(false);
      const customerId = await patient('US-MD');
      expect(codes(await c(unit('concentrate', 1, { netWeightMg: 1001, thcMg: 800, thcPercent: 80 }), { customerId }))).toEqual([]);
    });

    it('Nevada: tinctures ≤800 mg; capsules ≤100 mg each and ≤800 mg a package; topicals ≤6% and ≤800 mg [ref L240]', async () => {
      // ref L240 (sure, text seen): each cap at its value is sold, one over is not.
      const nv = await shared('US-NV', 'America/Los_Angeles');
      const at = localInstant(nv.timezone, DAY, '14:00:00');
      const c = (line: Json) => check({ storeId: nv.id, customer: walkIn, channel: 'in_store', at, lines: [line] });
      expect(codes(await c(unit('tincture', 1, { netWeightMg: 30000, thcMg: 800 })))).toEqual([]);
      expect((await c(unit('tincture', 1, { netWeightMg: 30000, thcMg: 801 }))).allowed).toBe(false);
      expect(codes(await c(unit('capsule', 1, { thcMg: 800, thcMgPerServing: 100, packCount: 8 })))).toEqual([]);
      expect((await c(unit('capsule', 1, { thcMg: 880, thcMgPerServing: 110, packCount: 8 }))).allowed).toBe(false);
      expect((await c(unit('capsule', 1, { thcMg: 900, thcMgPerServing: 100, packCount: 9 }))).allowed).toBe(false);
      expect(codes(await c(unit('topical', 1, { netWeightMg: 13000, thcMg: 780, thcPercent: 6 })))).toEqual([]);
      expect((await c(unit('topical', 1, { netWeightMg: 13000, thcMg: 793, thcPercent: 6.1 }))).allowed).toBe(false);
      expect((await c(unit('topical', 1, { netWeightMg: 20000, thcMg: 801, thcPercent: 4 }))).allowed).toBe(false);
    });

    it('Ohio: under SB 56 flower of 35% THC is sold and 35.1% is not; an extract of 70% is sold and 70.1% is not, at the register now [ref L32, L244]', async () => {
      // ref L32, L244 (likely; date ~2026-03, the pack documents it as approximate): flower ≤35%,
      // extracts ≤70%. The register sells now (after the date).
      const oh = await shared('US-OH', 'America/New_York');
      const f35 = await product(oh, 'flower', { netWeightMg: 3500, thcPercent: 35 }, 1000);
      const f351 = await product(oh, 'flower', { netWeightMg: 3500, thcPercent: 35.1 }, 1000);
      const x70 = await product(oh, 'concentrate', { netWeightMg: 1000, thcMg: 700, thcPercent: 70 }, 1000);
      const x701 = await product(oh, 'concentrate', { netWeightMg: 1000, thcMg: 701, thcPercent: 70.1 }, 1000);
      const customerId = await adult();
      expect(codes(await quote(oh.id, customerId, [{ skuId: f35.id, quantity: 1 }, { skuId: x70.id, quantity: 1 }]))).toEqual([]);
      expect((await quote(oh.id, customerId, [{ skuId: f351.id, quantity: 1 }])).allowed).toBe(false);
      expect((await quote(oh.id, customerId, [{ skuId: x701.id, quantity: 1 }])).allowed).toBe(false);
      expect(localDateOf(oh.timezone, new Date()) >= '2026-03-19').toBe(true);
    });
  });
});
