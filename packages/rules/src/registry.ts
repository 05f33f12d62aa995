// Where packs come from and how they are cached. Built-in packs are validated once, on first use;
// caller-supplied pack lists and store overrides are validated once per object identity; snapshots
// are cached per (pack, store-local date). Nothing here is re-done per evaluation.
import { compileSnapshot, type Snapshot } from './compile-pack.ts';
import { RulesError } from './errors.ts';
import { inEffect, packSchema, type LimitRule, type Pack, type PackInput } from './pack-schema.ts';
import { BUILT_IN_PACKS } from './packs/index.ts';

/**
 * Store-level replacements keyed by value id (all versions) or `id@from` (one version). A value is
 * an object of replacement fields, or a bare number/boolean for the value's main field (a limit's
 * max, a tax's rate, an age's minAge, a delivery rule's allowed, a medical program's offered, a
 * minor-patient rule's allowed).
 */
export type PackOverrides = Record<string, Record<string, unknown> | number | boolean>;

const MAIN_FIELD: Partial<Record<(typeof GROUPS)[number], string>> = {
  limits: 'max',
  taxes: 'rate',
  ages: 'minAge',
  delivery: 'allowed',
  medicalProgram: 'offered',
  minorPatients: 'allowed',
  pickupModes: 'allowed',
};

export interface PackOptions {
  overrides?: PackOverrides;
  /** Use these packs instead of the built-in ones (spread BUILT_IN_PACKS to extend them). */
  packs?: readonly PackInput[];
}

type PackIndex = Map<string, Pack | PackInput>;

const GROUPS = ['ages', 'medicalProgram', 'minorPatients', 'limits', 'hours', 'delivery', 'deliveryVehicles', 'productRules', 'bundleRules', 'taxes', 'receipts', 'pickupModes'] as const;

let builtInIndex: PackIndex | undefined;
const suppliedIndexes = new WeakMap<readonly PackInput[], PackIndex>();
const validated = new WeakMap<object, Pack>();
const overridden = new WeakMap<PackOverrides, WeakMap<Pack, Pack>>();
const snapshots = new WeakMap<Pack, Map<string, Snapshot>>();
const SNAPSHOTS_PER_PACK = 512;

function indexOf(packs: readonly PackInput[]): PackIndex {
  const index: PackIndex = new Map();
  for (const p of packs) index.set(p.jurisdiction.toUpperCase(), p);
  return index;
}

function packIndex(options?: PackOptions): PackIndex {
  if (options?.packs) {
    let idx = suppliedIndexes.get(options.packs);
    if (!idx) suppliedIndexes.set(options.packs, (idx = indexOf(options.packs)));
    return idx;
  }
  return (builtInIndex ??= indexOf(BUILT_IN_PACKS));
}

export function validatePack(input: PackInput): Pack {
  const hit = validated.get(input);
  if (hit) return hit;
  const result = packSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new RulesError('PACK_INVALID', `pack ${String(input.jurisdiction)} is invalid: ${issue.path.join('.')}: ${issue.message}`, {
      path: issue.path as (string | number)[],
      issues: result.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })),
    });
  }
  validated.set(input, result.data);
  validated.set(result.data, result.data);
  return result.data;
}

export function jurisdictionCodes(options?: PackOptions): string[] {
  return [...packIndex(options).keys()];
}

/** The validated pack (with overrides applied) for a jurisdiction code, or JURISDICTION_UNKNOWN. */
export function resolvePack(jurisdiction: string, options?: PackOptions): Pack {
  const input = packIndex(options).get(jurisdiction.toUpperCase());
  if (!input) {
    throw new RulesError('JURISDICTION_UNKNOWN', `No jurisdiction pack for "${jurisdiction}". Known: ${jurisdictionCodes(options).join(', ')}`, {
      path: ['jurisdiction'],
    });
  }
  const pack = validatePack(input as PackInput);
  return options?.overrides ? applyOverrides(pack, options.overrides) : pack;
}

/**
 * The pack and versions of a limit a practitioner may raise for one patient (the pack marks it
 * `patientAdjustable`), or undefined when no pack has such a limit. For a server that accepts an
 * allowance onto a patient's record before any sale names a store or a date.
 */
export function patientAdjustableLimit(limitId: string, options?: PackOptions): { jurisdiction: string; versions: LimitRule[] } | undefined {
  const prefix = limitId.slice(0, limitId.indexOf('.') + 1);
  for (const code of jurisdictionCodes(options)) {
    if (code.toLowerCase() + '.' !== prefix) continue; // ids carry their pack's prefix
    const versions = resolvePack(code, options).limits.filter((l) => l.id === limitId && l.patientAdjustable);
    if (versions.length) return { jurisdiction: code, versions };
  }
  return undefined;
}


/**
 * Whether the version of a limit in effect on `date` may be raised for one patient. A server
 * holding allowances saved under an earlier pack asks this before sending them to evaluate(),
 * which refuses an allowance for a limit that cannot be raised.
 */
export function isPatientAdjustableOn(pack: Pack, limitId: string, date: string): boolean {
  return pack.limits.some((l) => l.id === limitId && l.patientAdjustable !== undefined && inEffect(l.effective, date));
}

function applyOverrides(pack: Pack, overrides: PackOverrides): Pack {
  let perPack = overridden.get(overrides);
  if (!perPack) overridden.set(overrides, (perPack = new WeakMap()));
  const hit = perPack.get(pack);
  if (hit) return hit;

  const prefix = pack.jurisdiction.toLowerCase() + '.';
  const keys = Object.keys(overrides).filter((k) => k.startsWith(prefix));
  if (keys.length === 0) {
    perPack.set(pack, pack);
    return pack;
  }
  const copy = structuredClone(pack) as Pack;
  for (const key of keys) {
    const [id, from] = key.split('@');
    const value = overrides[key];
    const isPrimitive = typeof value === 'number' || typeof value === 'boolean';
    if (!isPrimitive && (typeof value !== 'object' || value === null || 'id' in value)) {
      throw new RulesError('VALIDATION_FAILED', `override ${key} must be an object of replacement fields (id cannot change) or a number/boolean`, { path: ['overrides', key] });
    }
    let matched = 0;
    for (const group of GROUPS) {
      const items = copy[group] as { id: string; effective: { from: string } }[];
      items.forEach((item, i) => {
        if (item.id !== id || (from !== undefined && item.effective.from !== from)) return;
        const field = MAIN_FIELD[group];
        if (isPrimitive && !field) throw new RulesError('VALIDATION_FAILED', `override ${key} needs an object: ${group} values have no single main field`, { path: ['overrides', key] });
        const patch = isPrimitive ? { [field as string]: value } : structuredClone(value);
        items[i] = { ...item, ...patch };
        matched++;
      });
    }
    if (matched === 0) throw new RulesError('VALIDATION_FAILED', `override ${key} matches no value in ${pack.jurisdiction}`, { path: ['overrides', key] });
  }
  const result = packSchema.safeParse(copy);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new RulesError('VALIDATION_FAILED', `overrides make ${pack.jurisdiction} invalid: ${issue.path.join('.')}: ${issue.message}`, {
      path: ['overrides', ...(issue.path as (string | number)[])],
      issues: result.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })),
    });
  }
  perPack.set(pack, result.data);
  return result.data;
}

export function snapshotFor(pack: Pack, date: string): Snapshot {
  let byDate = snapshots.get(pack);
  if (!byDate) snapshots.set(pack, (byDate = new Map()));
  let snap = byDate.get(date);
  if (!snap) {
    if (byDate.size >= SNAPSHOTS_PER_PACK) byDate.clear();
    snap = compileSnapshot(pack, date);
    byDate.set(date, snap);
  }
  return snap;
}
