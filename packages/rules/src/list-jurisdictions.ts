import type { Pack } from './pack-schema.ts';
import { jurisdictionCodes, resolvePack, type PackOptions } from './registry.ts';

export interface JurisdictionSummary {
  jurisdiction: string;
  name: string;
  version: string;
  timezone: string;
  currency: string;
  effective: Pack['effective'];
  sources: Pack['sources'];
  /** Dates on which some value changes (rate changes, new limits), for "what changes when" screens. */
  changeDates: string[];
  /** Values the reference marks unsure, with the reading chosen. */
  unsure: { id: string; note?: string }[];
}

export function summarizePack(pack: Pack): JurisdictionSummary {
  const all = [...pack.ages, ...pack.medicalProgram, ...pack.minorPatients, ...pack.limits, ...pack.hours, ...pack.delivery, ...pack.deliveryVehicles, ...pack.productRules, ...pack.bundleRules, ...pack.taxes];
  const dates = new Set<string>();
  for (const v of all) {
    if (v.effective.from > pack.effective.from) dates.add(v.effective.from);
    if (v.effective.to && v.effective.to !== pack.effective.to) dates.add(v.effective.to);
  }
  const unsure = new Map<string, string | undefined>();
  for (const v of all) if (v.confidence === 'unsure' && !unsure.has(v.id)) unsure.set(v.id, v.note);
  return {
    jurisdiction: pack.jurisdiction,
    name: pack.name,
    version: pack.version,
    timezone: pack.timezone,
    currency: pack.currency,
    effective: pack.effective,
    sources: pack.sources,
    changeDates: [...dates].sort(),
    unsure: [...unsure].map(([id, note]) => ({ id, note })),
  };
}

/** Every pack known to the engine (built-in, or `options.packs`), with overrides applied. */
export function listJurisdictions(options?: PackOptions): JurisdictionSummary[] {
  return jurisdictionCodes(options)
    .sort()
    .map((code) => summarizePack(resolvePack(code, options)));
}
