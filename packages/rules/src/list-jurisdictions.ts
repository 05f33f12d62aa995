import { nextDay, type Effective, type Pack } from './pack-schema.ts';
import { jurisdictionCodes, resolvePack, type PackOptions } from './registry.ts';

export interface JurisdictionSummary {
  jurisdiction: string;
  name: string;
  version: string;
  timezone: string;
  currency: string;
  effective: Pack['effective'];
  sources: Pack['sources'];
  /**
   * Store-local dates on which some value changes (rate changes, new limits, a tax exemption that
   * starts or ends), for "what changes when" screens: the first day of each new version, and the
   * day after a version that ends before the pack does.
   */
  changeDates: string[];
  /**
   * Values the reference marks unsure, with the reading chosen: one entry per value a store may
   * override, `overrideId` being what it names: the value's id when every version of it is
   * unsure, else `id@from` for each unsure version (its sure or likely versions are not a store's
   * to change). `fields`, where present, are the only fields of it that are unsure and that a
   * store may replace (the rest is as sure as the reference says).
   */
  unsure: UnsureValue[];
}

export interface UnsureValue {
  id: string;
  overrideId: string;
  fields?: string[];
  note?: string;
}

export function summarizePack(pack: Pack): JurisdictionSummary {
  const all = [...pack.ages, ...pack.medicalProgram, ...pack.minorPatients, ...pack.limits, ...pack.hours, ...pack.delivery, ...pack.deliveryVehicles, ...pack.productRules, ...pack.bundleRules, ...pack.taxes, ...pack.receipts, ...pack.pickupModes];
  const ranges: Effective[] = all.map((v) => v.effective);
  for (const t of pack.taxes) for (const e of t.exemptions) ranges.push(e.effective);
  const dates = new Set<string>();
  for (const e of ranges) {
    if (e.from > pack.effective.from) dates.add(e.from);
    // A value whose last day is `to` changes on the day after (WA's patient excise exemption
    // ends 2029-06-30: the excise is due again from 2029-07-01).
    if (e.to !== null && (pack.effective.to === null || e.to < pack.effective.to)) dates.add(nextDay(e.to));
  }
  const settled = new Set(all.filter((v) => v.confidence !== 'unsure').map((v) => v.id));
  const unsure = new Map<string, UnsureValue>();
  for (const v of all) {
    if (v.confidence !== 'unsure') continue;
    const overrideId = settled.has(v.id) ? `${v.id}@${v.effective.from}` : v.id;
    if (!unsure.has(overrideId)) {
      unsure.set(overrideId, { id: v.id, overrideId, ...(v.unsureFields ? { fields: v.unsureFields } : {}), ...(v.note !== undefined ? { note: v.note } : {}) });
    }
  }
  return {
    jurisdiction: pack.jurisdiction,
    name: pack.name,
    version: pack.version,
    timezone: pack.timezone,
    currency: pack.currency,
    effective: pack.effective,
    sources: pack.sources,
    changeDates: [...dates].sort(),
    unsure: [...unsure.values()],
  };
}

/** Every pack known to the engine (built-in, or `options.packs`), with overrides applied. */
export function listJurisdictions(options?: PackOptions): JurisdictionSummary[] {
  return jurisdictionCodes(options)
    .sort()
    .map((code) => summarizePack(resolvePack(code, options)));
}
