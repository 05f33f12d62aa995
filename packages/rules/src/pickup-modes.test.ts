// A pickup's hand-over mode judged by the packs' pickupModes: in_store always allowed, curbside and
// drive_through only where a rule in effect on the store-local date says allowed (a ban refuses
// with the rule and its source; silence refuses under `<jurisdiction>.pickup.<mode>.none`).
import { describe, expect, it } from 'vitest';
import { HAND_OVER_MODES, type HandOverMode } from './categories.ts';
import { evaluate } from './evaluate.ts';
import type { PackInput } from './pack-schema.ts';
import { allowedPickupModes } from './pickup-modes.ts';
import { BUILT_IN_PACKS } from './packs/index.ts';
import { resolvePack } from './registry.ts';
import { RulesError } from './errors.ts';
import { line, novAt, request, ALL_JURISDICTIONS } from './testing/fixtures.ts';
import type { EvaluateRequest } from './request-schema.ts';

const FLOWER = line({ category: 'flower', netWeightMg: 1000, thcMg: 200, thcPercent: 20 });
const pickup = (j: string, mode: HandOverMode | undefined, extra: Partial<EvaluateRequest> = {}) =>
  evaluate(request(j, [FLOWER], { channel: 'pickup', ...(mode ? { pickup: { mode } } : {}), ...extra }));
const refusals = (j: string, mode: HandOverMode, extra: Partial<EvaluateRequest> = {}) =>
  pickup(j, mode, extra).violations.filter((v) => v.code === 'PICKUP_MODE_NOT_ALLOWED');

describe('pickup hand-over modes, per pack', () => {
  it.each([
    ['US-WA', 'us-wa.pickup.drive-through', ['S22'], 'likely'],
    ['US-IL', 'us-il.pickup.drive-through', ['S32'], 'sure'],
  ] as const)('%s: a drive-through pickup is refused with the pack rule, its source and confidence', (j, rule, refs, confidence) => {
    const r = pickup(j, 'drive_through');
    expect(r.allowed).toBe(false);
    expect(r.violations).toEqual([
      {
        code: 'PICKUP_MODE_NOT_ALLOWED',
        message: expect.stringContaining('Drive-through pickup is not allowed in'),
        rule,
        lines: [],
        overridable: false,
        confidence,
        source: expect.objectContaining({ refs }),
      },
    ]);
  });

  it.each([
    ['US-CA', 'curbside'],
    ['US-CA', 'drive_through'],
    ['US-MI', 'curbside'],
    ['US-MI', 'drive_through'],
  ] as const)('%s: %s pickup is allowed (the pack says allowed)', (j, mode) => {
    const r = pickup(j, mode);
    expect(r.violations).toEqual([]);
    expect(r.allowed).toBe(true);
  });

  it.each([
    ['US-WA', 'curbside', 'us-wa.pickup.curbside.none'],
    ['US-IL', 'curbside', 'us-il.pickup.curbside.none'],
    ['US-OR', 'drive_through', 'us-or.pickup.drive-through.none'],
    ['US-CO', 'curbside', 'us-co.pickup.curbside.none'],
  ] as const)('%s: %s where the pack says nothing is refused under %s, without a source, not overridable', (j, mode, rule) => {
    const [v, ...more] = refusals(j, mode);
    expect(more).toEqual([]);
    expect(v).toMatchObject({ code: 'PICKUP_MODE_NOT_ALLOWED', rule, lines: [], overridable: false });
    expect(v.source).toBeUndefined();
    expect(v.message).toMatch(/do not say it is allowed/);
  });

  it.each(ALL_JURISDICTIONS)('%s: in-store pickup (named or left out) is always allowed', (j) => {
    expect(refusals(j, 'in_store')).toEqual([]);
    expect(pickup(j, undefined).violations.filter((v) => v.code === 'PICKUP_MODE_NOT_ALLOWED')).toEqual([]);
  });

  it('the mode is consulted only for a pickup: an in-store sale or a delivery naming drive_through is not judged on it', () => {
    for (const channel of ['in_store', 'delivery'] as const) {
      const r = evaluate(request('US-WA', [FLOWER], { channel, pickup: { mode: 'drive_through' }, delivery: { addressType: 'residence' } }));
      expect(r.violations.map((v) => v.code), channel).not.toContain('PICKUP_MODE_NOT_ALLOWED');
    }
  });

  it('a mode the engine does not know is VALIDATION_FAILED at ["pickup", "mode"]', () => {
    let error: unknown;
    try {
      evaluate(request('US-CA', [FLOWER], { channel: 'pickup', pickup: { mode: 'window' as never } }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RulesError);
    expect((error as RulesError).code).toBe('VALIDATION_FAILED');
    expect((error as RulesError).details.path).toEqual(['pickup', 'mode']);
  });

  it('allowedPickupModes lists in_store first and only what a rule allows', () => {
    const today = '2025-11-15';
    expect(allowedPickupModes(resolvePack('US-CA'), today)).toEqual(['in_store', 'curbside', 'drive_through']);
    expect(allowedPickupModes(resolvePack('US-MI'), today)).toEqual(['in_store', 'curbside', 'drive_through']);
    expect(allowedPickupModes(resolvePack('US-WA'), today)).toEqual(['in_store']);
    expect(allowedPickupModes(resolvePack('US-IL'), today)).toEqual(['in_store']);
    expect(allowedPickupModes(resolvePack('US-OR'), today)).toEqual(['in_store']);
    // California's pack ends 2028-06-30: nothing is sold after it, so nothing is offered.
    expect(allowedPickupModes(resolvePack('US-CA'), '2028-07-01')).toEqual([]);
  });

  it('every mode allowedPickupModes offers passes evaluate(), and every other one is refused, in every pack', () => {
    for (const j of ALL_JURISDICTIONS) {
      const offered = allowedPickupModes(resolvePack(j), '2025-11-15');
      for (const mode of HAND_OVER_MODES) expect(refusals(j, mode).length === 0, `${j} ${mode}`).toBe(offered.includes(mode));
    }
  });
});

describe('pickup hand-over modes follow the rules’ effective dates', () => {
  // California with its drive-through rule cut in two: banned until 2025-12-31, allowed from 2026-01-01.
  const ca = BUILT_IN_PACKS.find((p) => p.jurisdiction === 'US-CA')! as PackInput;
  const base = ca.pickupModes!.find((r) => r.mode === 'drive_through')!;
  const dated: PackInput = {
    ...ca,
    pickupModes: [
      ...ca.pickupModes!.filter((r) => r.mode !== 'drive_through'),
      { ...base, allowed: false, effective: { from: ca.effective.from, to: '2025-12-31' } },
      { ...base, allowed: true, effective: { from: '2026-01-01', to: ca.effective.to } },
    ],
  };
  const packs = [dated];
  const at = (date: string) => evaluate(request('US-CA', [FLOWER], { at: novAt('US-CA', '14:00:00', date), channel: 'pickup', pickup: { mode: 'drive_through' } }), { packs });

  it('the version in effect on the store-local date decides: banned on 2025-12-31, allowed on 2026-01-01', () => {
    expect(at('2025-12-31').violations.map((v) => [v.code, v.rule])).toEqual([['PICKUP_MODE_NOT_ALLOWED', 'us-ca.pickup.drive-through']]);
    expect(at('2026-01-01').violations).toEqual([]);
    expect(allowedPickupModes(resolvePack('US-CA', { packs }), '2025-12-31')).toEqual(['in_store', 'curbside']);
    expect(allowedPickupModes(resolvePack('US-CA', { packs }), '2026-01-01')).toEqual(['in_store', 'curbside', 'drive_through']);
  });

  it('the store-local date, not UTC: 21:30 on 2025-12-31 in Los Angeles (05:30 UTC on 2026-01-01) is still the banned version', () => {
    const r = evaluate(request('US-CA', [FLOWER], { at: '2025-12-31T21:30:00-08:00', channel: 'pickup', pickup: { mode: 'drive_through' } }), { packs });
    expect(r.violations.map((v) => v.rule)).toEqual(['us-ca.pickup.drive-through']);
  });

  it('a rule that has ended leaves the pack silent: the mode is refused as unanswered', () => {
    const ended: PackInput = { ...ca, pickupModes: ca.pickupModes!.map((r) => (r.mode === 'curbside' ? { ...r, effective: { from: ca.effective.from, to: '2025-06-30' } } : r)) };
    const curb = (date: string) =>
      evaluate(request('US-CA', [FLOWER], { at: novAt('US-CA', '14:00:00', date), channel: 'pickup', pickup: { mode: 'curbside' } }), { packs: [ended] }).violations.map((v) => v.rule);
    expect(curb('2025-06-30')).toEqual([]);
    expect(curb('2025-07-01')).toEqual(['us-ca.pickup.curbside.none']);
  });

  it('an override of the rule’s main field (allowed) is what the engine judges by', () => {
    const r = evaluate(request('US-MI', [FLOWER], { channel: 'pickup', pickup: { mode: 'curbside' } }), { overrides: { 'us-mi.pickup.curbside': false } });
    expect(r.violations.map((v) => [v.code, v.rule])).toEqual([['PICKUP_MODE_NOT_ALLOWED', 'us-mi.pickup.curbside']]);
  });
});
