// Eighth pass of acceptance cases, worked from /work/shared/reference/regulations.md row by row
// after the seventh. It covers statements of a row no pack value carried yet: Colorado's
// educational handout with concentrate sales (§9), the hand-over modes the §5 rows allow or ban
// (curbside, drive-through) and the caps the §4 rows put on a store's local rates (Illinois'
// municipal and county cannabis ROT, Oregon's, Missouri's and New Jersey's local taxes).
//
// Conventions: sales on 2025-11-15 at 14:00 store-local unless a case says otherwise; each tax line
// rounded half-up to the cent (§10.12). Every expected figure is worked by hand from the reference.
// Case names cite the section (§n) and the reference line (ref Lnn).
import { describe, expect, it } from 'vitest';
import { pickupModeRule, receiptRequirements, resolvePack, storeRateIssues, RulesError } from './index.ts';
import type { EvaluateResponse } from './response-schema.ts';
import { codes, DAY, run, type Customer, type Line } from './testing/pass-cases.ts';

const taxes = (r: EvaluateResponse) => Object.fromEntries(r.taxes.map((t) => [t.code, t.amountCents]));
const flower = (mg: number, extra: Partial<Line> = {}): Line => ({ category: 'flower', netWeightMg: mg, thcMg: 1, thcPercent: 20, ...extra });
const conc = (mg: number): Line => ({ category: 'concentrate', netWeightMg: mg, thcMg: Math.floor(mg * 0.7), thcPercent: 70 });
const priced = (l: Line, cents: number): Line => ({ ...l, unitPriceCents: cents });
const patient = (j: string): Customer => ({ kind: 'medical', birthDate: '1980-01-01', idJurisdiction: j, medicalCard: { number: 'C-8', jurisdiction: j, expiresOn: '2030-12-31' } });

/** The VALIDATION_FAILED a store rate the jurisdiction rules out earns, as [code, path]. */
function refusal(f: () => unknown): [string, unknown] | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof RulesError) return [e.code, e.details.path];
    throw e;
  }
  return undefined;
}

// ================================================================================================
describe('§9 US-CO: concentrate sales need the state educational handout at the sale (ref L236, [S15] [S16], likely)', () => {
  const J = 'US-CO';
  const co = () => resolvePack(J);

  it('§9 CO a sale with a concentrate asks for the handout on every channel; the rule says "likely" (ref L236)', () => {
    for (const channel of ['in_store', 'pickup', 'delivery'] as const) {
      const r = receiptRequirements(co(), channel, DAY, ['concentrate', 'flower']);
      expect(r, channel).toEqual({ contents: ['educationalHandout'], rules: ['us-co.receipt.concentrate-handout'] });
    }
    expect(co().receipts.find((x) => x.id === 'us-co.receipt.concentrate-handout')?.confidence).toBe('likely');
  });

  it('§9 CO a vape is concentrate in the Colorado pack (its 8 g equivalency counts it so): the handout is asked for (ref L236, L65)', () => {
    expect(receiptRequirements(co(), 'in_store', DAY, ['vape']).contents).toEqual(['educationalHandout']);
  });

  it('§9 CO flower, edibles and accessories alone need no handout (ref L236 "concentrate sales")', () => {
    expect(receiptRequirements(co(), 'in_store', DAY, ['flower', 'edible', 'accessory'])).toEqual({ contents: [], rules: [] });
  });

  it('§9 CO a caller that does not say what was sold is told the handout may be due (the stricter answer)', () => {
    expect(receiptRequirements(co(), 'in_store', DAY).contents).toEqual(['educationalHandout']);
  });

  it('§9 the basket does not narrow rules without categories: CA delivery still lists its whole delivery receipt for a flower sale (ref L152)', () => {
    const r = receiptRequirements(resolvePack('US-CA'), 'delivery', DAY, ['flower']);
    expect(r.rules).toEqual(['us-ca.receipt.delivery-request', 'us-ca.receipt.delivery-request-parties', 'us-ca.receipt.excise-separately']);
  });

  it('§9 CO pack version 2026.12.15 carries the handout', () => {
    expect(co().version).toBe('2026.12.15');
  });
});

// ================================================================================================
describe('§5 hand-over modes: curbside and drive-through where the reference says allowed or banned', () => {
  const mode = (j: string, m: 'curbside' | 'drive_through') => {
    const r = pickupModeRule(resolvePack(j), m, DAY);
    return r ? [r.id, r.allowed, r.confidence] : undefined;
  };

  it('§5 CA curbside and drive-through allowed (ref L152, DCC regs ch. 3 [S2])', () => {
    expect(mode('US-CA', 'curbside')).toEqual(['us-ca.pickup.curbside', true, 'likely']);
    expect(mode('US-CA', 'drive_through')).toEqual(['us-ca.pickup.drive-through', true, 'likely']);
  });

  it('§5 WA drive-through prohibited (ref L154, [S22], likely)', () => {
    expect(mode('US-WA', 'drive_through')).toEqual(['us-wa.pickup.drive-through', false, 'likely']);
  });

  it('§5 IL no drive-through (ref L157, 410 ILCS 705/15-70 [S32], sure)', () => {
    expect(mode('US-IL', 'drive_through')).toEqual(['us-il.pickup.drive-through', false, 'sure']);
  });

  it('§5 MI curbside and drive-through permitted unless a local ordinance bans them (ref L156, R 420.207 [S28], sure)', () => {
    expect(mode('US-MI', 'curbside')).toEqual(['us-mi.pickup.curbside', true, 'sure']);
    expect(mode('US-MI', 'drive_through')).toEqual(['us-mi.pickup.drive-through', true, 'sure']);
  });

  it('§5 where the reference says nothing the pack has no answer (OR, CO, WA curbside)', () => {
    expect(mode('US-OR', 'drive_through')).toBeUndefined();
    expect(mode('US-CO', 'curbside')).toBeUndefined();
    expect(mode('US-WA', 'curbside')).toBeUndefined();
  });

  it('§5 nothing is answered on a date outside the pack (CA after 2028-06-30)', () => {
    expect(pickupModeRule(resolvePack('US-CA'), 'drive_through', '2028-07-01')).toBeUndefined();
  });

  // A pickup naming its hand-over mode, judged by evaluate(): a flower pickup of 3.5 g at 14:00.
  const handOver = (j: string, m: 'in_store' | 'curbside' | 'drive_through') =>
    run(j, [flower(3500)], { channel: 'pickup', pickup: { mode: m } }).violations.map((v) => [v.code, v.rule, v.source?.refs ?? null]);

  it('§5 WA a drive-through pickup is refused with the pack rule and its source (ref L154, [S22])', () => {
    expect(handOver('US-WA', 'drive_through')).toEqual([['PICKUP_MODE_NOT_ALLOWED', 'us-wa.pickup.drive-through', ['S22']]]);
  });

  it('§5 IL a drive-through pickup is refused with the pack rule and its source (ref L157, 410 ILCS 705/15-70 [S32])', () => {
    expect(handOver('US-IL', 'drive_through')).toEqual([['PICKUP_MODE_NOT_ALLOWED', 'us-il.pickup.drive-through', ['S32']]]);
  });

  it('§5 CA and MI curbside and drive-through pickups pass (ref L152, L156)', () => {
    for (const j of ['US-CA', 'US-MI']) for (const m of ['curbside', 'drive_through'] as const) expect(handOver(j, m), `${j} ${m}`).toEqual([]);
  });

  it('§5 where the pack says nothing a curbside or drive-through pickup is refused, naming no source (WA curbside, OR, CO)', () => {
    expect(handOver('US-WA', 'curbside')).toEqual([['PICKUP_MODE_NOT_ALLOWED', 'us-wa.pickup.curbside.none', null]]);
    expect(handOver('US-OR', 'drive_through')).toEqual([['PICKUP_MODE_NOT_ALLOWED', 'us-or.pickup.drive-through.none', null]]);
    expect(handOver('US-CO', 'curbside')).toEqual([['PICKUP_MODE_NOT_ALLOWED', 'us-co.pickup.curbside.none', null]]);
  });

  it('§5 an in-store pickup passes in every state the reference names (CA, WA, MI, IL) and where it says nothing (OR)', () => {
    for (const j of ['US-CA', 'US-WA', 'US-MI', 'US-IL', 'US-OR']) expect(handOver(j, 'in_store'), j).toEqual([]);
  });
});

// ================================================================================================
describe('§4 caps the reference puts on a store’s local rate: a rate above the cap is refused, not charged', () => {
  const cannabisRate = (j: string, rate: number, customer?: Customer) => () => run(j, [priced(flower(3500), 10000)], { store: { localCannabisTaxRate: rate }, ...(customer ? { customer } : {}) });
  const REFUSED = ['VALIDATION_FAILED', ['store', 'localCannabisTaxRate']];

  it('§4 IL municipal 3% + county 3% (in a municipality) = 6.00 on $100 with 10.00 excise and 6.25 ROT (ref L113)', () => {
    expect(taxes(cannabisRate('US-IL', 0.06)())).toEqual({ IL_EXCISE_10: 1000, IL_CANNABIS_ROT: 600, IL_ROT: 625 });
  });

  it('§4 IL county 3.75% alone (unincorporated) is a rate the law allows: 3.75 on $100 (ref L113)', () => {
    expect(taxes(cannabisRate('US-IL', 0.0375)()).IL_CANNABIS_ROT).toBe(375);
  });

  it('§4 IL 6.25% is above what a municipal and a county tax can add up to: refused at store.localCannabisTaxRate (ref L113)', () => {
    expect(refusal(cannabisRate('US-IL', 0.0625))).toEqual(REFUSED);
  });

  it('§4 IL 3.1% is not in 0.25% steps: refused (ref L113 "0.25% steps")', () => {
    expect(refusal(cannabisRate('US-IL', 0.031))).toEqual(REFUSED);
  });

  it('§4 IL the store setting is refused whoever buys: a patient pays no cannabis ROT, the 7% is still no legal rate (ref L113)', () => {
    expect(refusal(cannabisRate('US-IL', 0.07, patient('US-IL')))).toEqual(REFUSED);
  });

  it('§4 OR local up to 3%: 3% charged 3.00, 3.01% refused (ref L111)', () => {
    expect(taxes(cannabisRate('US-OR', 0.03)()).OR_MARIJUANA_LOCAL).toBe(300);
    expect(refusal(cannabisRate('US-OR', 0.0301))).toEqual(REFUSED);
  });

  it('§4 MO local marijuana tax up to 3% (city or county, not stacked): 3% charged, 4% refused (ref L120)', () => {
    expect(taxes(cannabisRate('US-MO', 0.03)()).MO_LOCAL_MARIJUANA).toBe(300);
    expect(refusal(cannabisRate('US-MO', 0.04))).toEqual(REFUSED);
  });

  it('§4 NJ municipal transfer tax up to 2%: 2% charged 2.00, 2.5% refused (ref L118)', () => {
    expect(taxes(cannabisRate('US-NJ', 0.02)()).NJ_MUNICIPAL).toBe(200);
    expect(refusal(cannabisRate('US-NJ', 0.025))).toEqual(REFUSED);
  });

  it('§4 CA and CO give no cap: a 10% city cannabis tax is charged (ref L108, L109)', () => {
    expect(taxes(cannabisRate('US-CA', 0.1)()).CA_LOCAL_CANNABIS).toBe(1000);
    expect(codes(cannabisRate('US-CO', 0.1)())).toEqual([]);
  });

  it('§4 storeRateIssues names the rule and the cap, for a caller checking a setting before it is saved (ref L113)', () => {
    const issues = storeRateIssues(resolvePack('US-IL'), DAY, { localCannabisTaxRate: 0.0625 });
    expect(issues.map((i) => [i.path, i.rule])).toEqual([[['store', 'localCannabisTaxRate'], 'us-il.tax.cannabis-rot']]);
    expect(issues[0].message).toMatch(/6%/);
    expect(storeRateIssues(resolvePack('US-IL'), DAY, { localCannabisTaxRate: 0.06, localSalesTaxRate: 0.0475 })).toEqual([]);
  });

  it('§4 packs carrying a cap are version 2026.12.15 (IL, OR, MO, NJ)', () => {
    for (const j of ['US-IL', 'US-OR', 'US-MO', 'US-NJ']) expect(resolvePack(j).version, j).toBe('2026.12.15');
  });
});
