// Turns a validated pack into the snapshot in effect on one store-local date: only the versions
// in effect, categories as bit masks, equivalency ratios and limits as scaled integers, tax rates
// as integer millionths. Snapshots are cached, so a request pays for none of this.
import { attributeMask, categoryMask, type CustomerKind } from './categories.ts';
import { RulesError } from './errors.ts';
import {
  inEffect,
  type AgeRule,
  type BundleRule,
  type DeliveryRule,
  type HoursRule,
  type LimitRule,
  type MedicalProgram,
  type MinorPatientRule,
  type Pack,
  type PickupModeRule,
  type ProductRule,
  type TaxExemption,
  type TaxRule,
  type VehicleRule,
} from './pack-schema.ts';
import { decimalToRatio, divide, lcm, reduce, toMicro, type Ratio } from './rational.ts';

export const KIND_BIT: Record<CustomerKind, number> = { adult_use: 1, medical: 2 };
export const MEASURE = { weight: 0, thc: 1, units: 2 } as const;
/** Raw units the engine counts in: weight in mg, THC in µg (so decimal mg stay exact), units. */
const RAW_PER_MEASURE_UNIT = [1, 1000, 1];
/** Equivalency scales beyond this would risk inexact sums; no real rule needs it. */
const MAX_SCALE = 1e12;

export interface CompiledComponent {
  mask: number;
  measure: 0 | 1 | 2;
  /** Scaled limit units per raw unit (integer). */
  factor: number;
  /** Has a potency or unit-THC band; false lets the common component skip both checks. */
  banded: boolean;
  thcPercentAbove?: number;
  thcPercentAtMost?: number;
  ifPotencyUnknown: 'error' | 'match' | 'skip';
  thcMgPerUnitAbove?: number;
  thcMgPerUnitAtMost?: number;
  ifThcMgPerUnitUnknown: 'error' | 'match' | 'skip';
}

export interface CompiledLimit {
  rule: LimitRule;
  kindMask: number;
  /** used = Σ raw × factor / scale, in the limit's unit. */
  scale: number;
  maxScaled: number;
  components: CompiledComponent[];
  /** Categories touched by any component (for contributing-line reports). */
  mask: number;
  windowKey: string;
}

export interface CompiledTaxClause {
  kindMask: number;
  mask: number;
  thcPercentAbove?: number;
  thcPercentAtMost?: number;
  ifPotencyUnknown: 'error' | 'match' | 'skip';
}

export interface CompiledExemption {
  exemption: TaxExemption;
  mask: number;
}

export interface CompiledTax {
  rule: TaxRule;
  rateMicro: number;
  /** Indexes (into the snapshot's taxes) of taxes whose amounts join this base. */
  basePlus: number[];
  clauses: CompiledTaxClause[];
  exemptions: CompiledExemption[];
}

export interface CompiledProductRule {
  rule: ProductRule;
  kindMask: number;
  mask: number;
  /** Attribute bits a line needs one of for the rule to apply (0 = no attribute needed). */
  attributeMask: number;
  /** Categories of rule.except (0 = no exception). */
  exceptMask: number;
}

/** A vehicle rule with its cannabis cap compiled like a per-load limit. */
export interface CompiledVehicleRule {
  rule: VehicleRule;
  amount?: CompiledLimit;
}

export interface CompiledMinorPatientRule {
  rule: MinorPatientRule;
  /** Categories a minor patient may receive (every bit set when the rule names none). */
  mask: number;
}

export interface Snapshot {
  pack: Pack;
  date: string;
  packVersion: string;
  ages: Partial<Record<CustomerKind, AgeRule>>;
  medicalProgram: MedicalProgram;
  /** The minor-patient rule in effect, if the pack has one on this date. */
  minorPatients?: CompiledMinorPatientRule;
  limits: CompiledLimit[];
  hours: HoursRule[];
  delivery: DeliveryRule[];
  deliveryVehicles: CompiledVehicleRule[];
  productRules: CompiledProductRule[];
  bundleRules: BundleRule[];
  taxes: CompiledTax[];
  /** The curbside / drive-through rules in effect (none = the pack says nothing on this date). */
  pickupModes: PickupModeRule[];
}

function kindMask(kinds: readonly CustomerKind[] | undefined): number {
  if (!kinds) return 3;
  let m = 0;
  for (const k of kinds) m |= KIND_BIT[k];
  return m;
}

export function windowKey(rule: LimitRule): string {
  const w = rule.window;
  return w.kind === 'rolling_days' ? `rolling_${w.days}_days` : w.kind;
}

function compileLimit(rule: LimitRule): CompiledLimit {
  const ratios: Ratio[] = rule.components.map((c) => {
    const perRaw = reduce({ num: 1, den: RAW_PER_MEASURE_UNIT[MEASURE[c.measure]] });
    const eq = divide(decimalToRatio(c.equals), decimalToRatio(c.per));
    return reduce({ num: eq.num * perRaw.num, den: eq.den * perRaw.den });
  });
  const max = decimalToRatio(rule.max);
  let scale = max.den;
  for (const r of ratios) scale = lcm(scale, r.den);
  const maxScaled = max.num * (scale / max.den);
  const components = rule.components.map((c, i): CompiledComponent => {
    const r = ratios[i];
    return {
      mask: categoryMask(c.categories),
      measure: MEASURE[c.measure],
      factor: r.num * (scale / r.den),
      banded: [c.thcPercentAbove, c.thcPercentAtMost, c.thcMgPerUnitAbove, c.thcMgPerUnitAtMost].some((b) => b !== undefined),
      thcPercentAbove: c.thcPercentAbove,
      thcPercentAtMost: c.thcPercentAtMost,
      ifPotencyUnknown: c.ifPotencyUnknown,
      thcMgPerUnitAbove: c.thcMgPerUnitAbove,
      thcMgPerUnitAtMost: c.thcMgPerUnitAtMost,
      ifThcMgPerUnitUnknown: c.ifThcMgPerUnitUnknown,
    };
  });
  if (scale > MAX_SCALE || !Number.isSafeInteger(maxScaled) || components.some((c) => !Number.isSafeInteger(c.factor)))
    throw new RulesError('PACK_INVALID', `limit ${rule.id}: equivalency ratios too fine to count exactly`, { path: ['limits', rule.id] });
  return {
    rule,
    kindMask: kindMask(rule.customerKinds),
    scale,
    maxScaled,
    components,
    mask: components.reduce((m, c) => m | c.mask, 0),
    windowKey: windowKey(rule),
  };
}

function compileVehicleRule(rule: VehicleRule): CompiledVehicleRule {
  if (!rule.maxAmount) return { rule };
  const { unit, max, components } = rule.maxAmount;
  // The load is one "transaction" for every customer kind: the cap is on the vehicle, not a buyer.
  const asLimit: LimitRule = { ...rule, customerKinds: ['adult_use', 'medical'], window: { kind: 'transaction' }, unit, max, components };
  return { rule, amount: compileLimit(asLimit) };
}

export function compileSnapshot(pack: Pack, date: string): Snapshot {
  const live = <T extends { effective: { from: string; to: string | null } }>(items: T[]): T[] =>
    items.filter((i) => inEffect(i.effective, date));

  const ages: Partial<Record<CustomerKind, AgeRule>> = {};
  for (const a of live(pack.ages)) ages[a.customerKind] = a;
  const [medicalProgram] = live(pack.medicalProgram);
  const [minorPatients] = live(pack.minorPatients);

  const taxRules = live(pack.taxes);
  const taxes: CompiledTax[] = taxRules.map((rule, i) => ({
    rule,
    rateMicro: toMicro(rule.rate),
    basePlus: rule.basePlus.map((code) => taxRules.findIndex((t, j) => j < i && t.code === code)).filter((j) => j >= 0),
    clauses: rule.appliesTo.map((c) => ({
      kindMask: kindMask(c.customerKinds),
      mask: categoryMask(c.categories),
      thcPercentAbove: c.thcPercentAbove,
      thcPercentAtMost: c.thcPercentAtMost,
      ifPotencyUnknown: c.ifPotencyUnknown,
    })),
    exemptions: rule.exemptions.filter((e) => inEffect(e.effective, date)).map((e) => ({ exemption: e, mask: categoryMask(e.categories) })),
  }));

  return {
    pack,
    date,
    packVersion: `${pack.jurisdiction}@${pack.version}`,
    ages,
    medicalProgram,
    ...(minorPatients && { minorPatients: { rule: minorPatients, mask: minorPatients.categories ? categoryMask(minorPatients.categories) : -1 } }),
    limits: live(pack.limits).map(compileLimit),
    hours: live(pack.hours),
    delivery: live(pack.delivery),
    deliveryVehicles: live(pack.deliveryVehicles).map(compileVehicleRule),
    productRules: live(pack.productRules).map((rule) => ({
      rule,
      kindMask: kindMask(rule.customerKinds),
      mask: categoryMask(rule.categories),
      attributeMask: attributeMask(rule.attributes),
      exceptMask: rule.except ? categoryMask(rule.except.categories) : 0,
    })),
    bundleRules: live(pack.bundleRules),
    taxes,
    pickupModes: live(pack.pickupModes),
  };
}

