// checkVehicleLoad: what one delivery vehicle may carry at a time, over every order on board.
// Reference: regulations.md §5 — California $5,000 in the vehicle, of which ≤ $3,000 without an
// order received before departure (4 CCR §15418, likely, S7); New York ≥ 30 % of the value ordered
// and paid before leaving, from 2025-01-01 (9 NYCRR 123.20, sure, S42); Michigan ≤ 15 oz per
// delivery vehicle (likely, S28); Oregon ≤ $3,000 of product (older summary, unsure, S24).
import { describe, expect, it } from 'vitest';
import { RulesError } from './errors.ts';
import { packSchema, type PackInput } from './pack-schema.ts';
import { BUILT_IN_PACKS } from './packs/index.ts';
import { resolvePack } from './registry.ts';
import { checkHandOverHours, checkVehicleLoad, type VehicleLoadOrder } from './vehicle.ts';

const order = (ref: string, valueCents: number, lines: VehicleLoadOrder['lines'] = [], prepaid = true): VehicleLoadOrder => ({ ref, valueCents, prepaid, lines });
const flower = (netWeightMg: number, quantity = 1) => ({ category: 'flower' as const, quantity, netWeightMg });

describe('checkVehicleLoad', () => {
  it('California: $5,000 of goods on board is the cap, a cent more is refused and names every order', () => {
    const ca = resolvePack('US-CA');
    const at = checkVehicleLoad(ca, '2026-03-02', { orders: [order('1001', 250_000), order('1002', 250_000)] });
    expect(at).toMatchObject({ valueCents: 500_000, violations: [], rules: ['us-ca.delivery.vehicle-load'] });
    const over = checkVehicleLoad(ca, '2026-03-02', { orders: [order('1001', 250_000), order('1002', 250_001)] });
    expect(over.violations).toMatchObject([{ code: 'DELIVERY_VEHICLE_LIMIT', rule: 'us-ca.delivery.vehicle-load', lines: [0, 1], confidence: 'likely', overridable: true }]);
    expect(over.violations[0].message).toContain('$5,000.01 of goods on board, at most $5,000.00');
  });

  it('California: at most $3,000 of it without an order', () => {
    const ca = resolvePack('US-CA');
    expect(checkVehicleLoad(ca, '2026-03-02', { orders: [order('1001', 100_000)], unorderedValueCents: 300_000 }).violations).toEqual([]);
    const over = checkVehicleLoad(ca, '2026-03-02', { orders: [order('1001', 100_000)], unorderedValueCents: 300_001 });
    expect(over.violations).toMatchObject([{ rule: 'us-ca.delivery.vehicle-load', lines: [] }]);
    expect(over.violations[0].message).toContain('without an order');
  });

  it('New York: from 2025-01-01 at least 30 % of the value ordered and paid before leaving; the unpaid orders are named', () => {
    const ny = resolvePack('US-NY');
    const load = (paidCents: number, unpaidCents: number) => ({ orders: [order('A', paidCents, [], true), order('B', unpaidCents, [], false)] });
    expect(checkVehicleLoad(ny, '2024-12-31', load(10_000, 90_000))).toMatchObject({ rules: [], violations: [] });
    expect(checkVehicleLoad(ny, '2025-01-01', load(30_000, 70_000)).violations).toEqual([]);
    expect(checkVehicleLoad(ny, '2025-01-01', load(29_999, 70_001)).violations).toMatchObject([
      { code: 'DELIVERY_VEHICLE_LIMIT', rule: 'us-ny.delivery.vehicle-prepaid', lines: [1], confidence: 'sure', overridable: false },
    ]);
    expect(checkVehicleLoad(ny, '2025-01-01', { orders: [] })).toMatchObject({ valueCents: 0, violations: [] });
  });

  it('Michigan: 15 oz of marihuana or its equivalent per vehicle, summed over every order on board', () => {
    const mi = resolvePack('US-MI');
    const fifteenOz = checkVehicleLoad(mi, '2026-03-02', { orders: [order('1', 1, [flower(28_349.5, 10)]), order('2', 1, [flower(28_349.5, 5)])] });
    expect(fifteenOz.violations).toEqual([]);
    expect(fifteenOz.amounts).toMatchObject([{ id: 'us-mi.delivery.vehicle-weight', used: 425_242.5, max: 425_242.5, remaining: 0 }]);
    // 16 g of edibles count as 1 g of usable marihuana.
    const plusEdibles = checkVehicleLoad(mi, '2026-03-02', {
      orders: [order('1', 1, [flower(28_349.5, 10)]), order('2', 1, [flower(28_349.5, 5)]), order('3', 1, [{ category: 'edible', quantity: 1, netWeightMg: 16_000 }])],
    });
    expect(plusEdibles.amounts[0].used).toBe(426_242.5);
    expect(plusEdibles.violations).toMatchObject([{ code: 'DELIVERY_VEHICLE_LIMIT', rule: 'us-mi.delivery.vehicle-weight', lines: [0, 1, 2] }]);
  });

  it('an item the cap counts by weight must state it; the error points at the order line', () => {
    const mi = resolvePack('US-MI');
    const error = (() => {
      try {
        checkVehicleLoad(mi, '2026-03-02', { orders: [order('1', 1, [flower(3_500)]), order('2', 1, [flower(1_000), { category: 'flower', quantity: 1 }])] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RulesError);
    expect((error as RulesError).details.path).toEqual(['orders', 1, 'lines', 1, 'netWeightMg']);
  });

  it('a pack without vehicle rules carries anything; a store override changes the cap', () => {
    expect(checkVehicleLoad(resolvePack('US-CO'), '2026-03-02', { orders: [order('1', 10_000_000)] })).toMatchObject({ rules: [], violations: [], amounts: [] });
    const raised = resolvePack('US-CA', { overrides: { 'us-ca.delivery.vehicle-load': { maxValueCents: 1_000_000 } } });
    expect(checkVehicleLoad(raised, '2026-03-02', { orders: [order('1', 900_000)] }).violations).toEqual([]);
  });

  it('a vehicle rule must set at least one cap', () => {
    const ca = BUILT_IN_PACKS.find((p) => p.jurisdiction === 'US-CA') as PackInput;
    const bad = { ...ca, deliveryVehicles: [{ id: 'us-ca.delivery.nothing', label: 'Nothing', effective: ca.effective, source: { refs: ['S7'], title: 'x' }, confidence: 'sure' }] };
    const result = packSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain('at least one of');
  });

  it('hand-over hours: California 6 am–10 pm local, the boundaries as the sale hours have them; no hours, no refusal', () => {
    const ca = resolvePack('US-CA');
    const at = (iso: string) => checkHandOverHours(ca, 'America/Los_Angeles', Date.parse(iso));
    expect(at('2026-03-02T05:59:00-08:00')).toMatchObject({ code: 'OUTSIDE_SALE_HOURS', rule: 'us-ca.hours.sale', message: expect.stringContaining('Hand-over at 05:59') });
    expect(at('2026-03-02T06:00:00-08:00')).toBeUndefined();
    expect(at('2026-03-02T21:59:00-08:00')).toBeUndefined();
    expect(at('2026-03-02T22:00:00-08:00')).toMatchObject({ code: 'OUTSIDE_SALE_HOURS' });
    expect(checkHandOverHours(resolvePack('US-MI'), 'America/Detroit', Date.parse('2026-03-02T03:00:00-05:00'))).toBeUndefined();
  });
});
