// Purchase-limit usage: the cart plus the customer's history inside each limit's window, summed
// through the limit's equivalency factors in scaled integers, so "exactly at the limit" is exact.
import { CATEGORY_INDEX } from './categories.ts';
import type { CompiledComponent, CompiledLimit } from './compile-pack.ts';
import { validationError, type FieldPath } from './errors.ts';
import type { CheckedLine } from './request-schema.ts';
import type { LimitUsage, Violation } from './response-schema.ts';

/** A cart or history line reduced to what limits count. */
export interface MeasuredLine {
  mask: number;
  /** netWeightMg × quantity, if known. */
  weightMg: number | undefined;
  /** thcMg × quantity in µg, if known. */
  thcUg: number | undefined;
  units: number;
  /** Adjusted THC % (Δ9 + 0.877 × THCA), if known. */
  potency: number | undefined;
  /** THC of one unit as sold (thcMg, not × quantity), if known. */
  unitThcMg: number | undefined;
  /** History entry index, or -1 for the cart (error paths are built only when needed). */
  entry: number;
  index: number;
}

export function pathOf(line: MeasuredLine): FieldPath {
  return line.entry < 0 ? ['lines', line.index] : ['history', line.entry, 'lines', line.index];
}

/** Decarboxylation ratio: 1 g THCA yields 0.877 g THC (used for "adjusted"/"total" THC). */
export const THCA_TO_THC = 0.877;

/**
 * THC % a potency rule compares: Δ9, or adjusted (Δ9 + 0.877 × THCA) when THCA is given. Rounded
 * to a millionth of a percent so that binary floating point cannot put a label exactly at a tier
 * boundary on the wrong side (6.82199 + 0.877 × 32.13 is 35, not 35.00000000000001).
 */
export function potencyOf(l: CheckedLine): number | undefined {
  if (l.thcPercent === undefined) return undefined;
  return l.thcaPercent === undefined ? l.thcPercent : Math.round((l.thcPercent + THCA_TO_THC * l.thcaPercent) * 1e6) / 1e6;
}

export function measureLine(l: CheckedLine, entry: number, index: number): MeasuredLine {
  return {
    mask: 1 << CATEGORY_INDEX[l.category],
    weightMg: l.netWeightMg === undefined ? undefined : l.netWeightMg * l.quantity,
    thcUg: l.thcMg === undefined ? undefined : Math.round(l.thcMg * 1000) * l.quantity,
    units: l.quantity,
    potency: potencyOf(l),
    unitThcMg: l.thcMg,
    entry,
    index,
  };
}

function componentMatches(c: CompiledComponent, line: MeasuredLine, limitId: string): boolean {
  if ((c.mask & line.mask) === 0) return false;
  if (!c.banded) return true;
  return inPotencyBand(c, line, limitId) && inUnitThcBand(c, line, limitId);
}

function inPotencyBand(c: CompiledComponent, line: MeasuredLine, limitId: string): boolean {
  if (c.thcPercentAbove === undefined && c.thcPercentAtMost === undefined) return true;
  if (line.potency === undefined) {
    if (c.ifPotencyUnknown === 'error') throw validationError([...pathOf(line), 'thcPercent'], `THC % is required: limit ${limitId} counts this category by potency`);
    return c.ifPotencyUnknown === 'match';
  }
  if (c.thcPercentAbove !== undefined && !(line.potency > c.thcPercentAbove)) return false;
  if (c.thcPercentAtMost !== undefined && !(line.potency <= c.thcPercentAtMost)) return false;
  return true;
}

/** The unit is what is sold (a can, a package), so a line's thcMg decides; a serving's THC does not. */
function inUnitThcBand(c: CompiledComponent, line: MeasuredLine, limitId: string): boolean {
  if (c.thcMgPerUnitAbove === undefined && c.thcMgPerUnitAtMost === undefined) return true;
  if (line.unitThcMg === undefined) {
    if (c.ifThcMgPerUnitUnknown === 'error') throw validationError([...pathOf(line), 'thcMg'], `THC mg is required: limit ${limitId} counts this category by THC per unit`);
    return c.ifThcMgPerUnitUnknown === 'match';
  }
  if (c.thcMgPerUnitAbove !== undefined && !(line.unitThcMg > c.thcMgPerUnitAbove)) return false;
  if (c.thcMgPerUnitAtMost !== undefined && !(line.unitThcMg <= c.thcMgPerUnitAtMost)) return false;
  return true;
}

function rawAmount(c: CompiledComponent, line: MeasuredLine, limitId: string): number {
  if (c.measure === 0) {
    if (line.weightMg === undefined) throw validationError([...pathOf(line), 'netWeightMg'], `net weight is required: limit ${limitId} counts this category by weight`);
    return line.weightMg;
  }
  if (c.measure === 1) {
    if (line.thcUg === undefined) throw validationError([...pathOf(line), 'thcMg'], `THC mg is required: limit ${limitId} counts this category by THC`);
    return line.thcUg;
  }
  return line.units;
}

export interface LimitOutcome {
  usage: LimitUsage;
  violation?: Violation;
}

const UNIT_TEXT = { mg: 'mg', mg_thc: 'mg THC', units: 'units' } as const;

/** A patient's own maximum for one limit, in the limit's unit and its scaled integer form. */
export interface PatientAllowance {
  max: number;
  maxScaled: number;
}

export function evaluateLimit(limit: CompiledLimit, cart: MeasuredLine[], history: MeasuredLine[], allowance?: PatientAllowance): LimitOutcome {
  const id = limit.rule.id;
  // An allowance only ever raises the maximum.
  const raised = allowance !== undefined && allowance.maxScaled > limit.maxScaled;
  const maxScaled = raised ? allowance.maxScaled : limit.maxScaled;
  let total = 0;
  let cartTotal = 0;
  const contributing: number[] = [];
  for (let i = 0; i < cart.length; i++) {
    const line = cart[i];
    if ((limit.mask & line.mask) === 0) continue;
    let lineTotal = 0;
    for (const c of limit.components) if (componentMatches(c, line, id)) lineTotal += rawAmount(c, line, id) * c.factor;
    if (lineTotal > 0) contributing.push(i);
    cartTotal += lineTotal;
  }
  total = cartTotal;
  for (const line of history) {
    if ((limit.mask & line.mask) === 0) continue;
    for (const c of limit.components) if (componentMatches(c, line, id)) total += rawAmount(c, line, id) * c.factor;
  }

  let over: boolean;
  let used: number;
  if (Number.isSafeInteger(total)) {
    over = total > maxScaled;
    used = total / limit.scale;
  } else {
    // Only absurd quantities get here; redo the sum exactly.
    let big = 0n;
    for (const line of [...cart, ...history])
      for (const c of limit.components)
        if ((c.mask & line.mask) !== 0 && componentMatches(c, line, id)) big += BigInt(rawAmount(c, line, id)) * BigInt(c.factor);
    over = big > BigInt(maxScaled);
    used = Number(big) / limit.scale;
  }
  const max = maxScaled / limit.scale;
  const rule = limit.rule;
  const usage: LimitUsage = {
    id,
    label: rule.label,
    used,
    max,
    unit: rule.unit,
    remaining: over ? 0 : (maxScaled - total) / limit.scale,
    window: limit.windowKey,
    confidence: rule.confidence,
  };
  if (allowance) usage.allowance = { max: allowance.max, packMax: limit.maxScaled / limit.scale, applied: raised };
  // A cart that adds nothing to a limit already used up does not breach it again.
  if (!over || cartTotal === 0) return { usage };
  return {
    usage,
    violation: {
      code: 'PURCHASE_LIMIT',
      message: `${rule.label}: ${fmt(used)} of ${fmt(max)} ${UNIT_TEXT[rule.unit]} (${windowText(limit.windowKey)}${raised ? `; patient allowance, pack maximum ${fmt(usage.allowance!.packMax)}` : ''})`,
      rule: id,
      lines: contributing,
      overridable: rule.overridable,
      confidence: rule.confidence,
      source: rule.source,
    },
  };
}

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
function fmt(n: number): string {
  return NUMBER.format(n);
}

function windowText(key: string): string {
  if (key === 'transaction') return 'per transaction';
  if (key === 'day') return 'per day';
  if (key === 'calendar_month') return 'per calendar month';
  return key.replaceAll('_', ' ').replace('rolling', 'rolling');
}
