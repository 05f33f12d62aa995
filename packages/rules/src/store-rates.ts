// The caps a jurisdiction's law puts on the local rates a store adds (Illinois: municipal cannabis
// ROT up to 3%, county up to 3.75% or 3%, in 0.25% steps). A store rate above the cap, or off its
// steps, is no rate the law allows: evaluate() refuses it rather than charge it, and a caller may
// check a setting before saving it.
import type { FieldPath } from './errors.ts';
import { inEffect, type Pack } from './pack-schema.ts';
import { toMicro } from './rational.ts';

export interface StoreRates {
  localSalesTaxRate?: number | null;
  localCannabisTaxRate?: number | null;
}

export interface StoreRateIssue {
  path: FieldPath;
  message: string;
  /** Id of the tax whose cap the rate breaks. */
  rule: string;
}

const percent = (rate: number) => `${Number((rate * 100).toFixed(4))}%`;

/** The store rates the taxes in effect on the store-local date rule out; [] when all are allowed. */
export function storeRateIssues(pack: Pack, date: string, store: StoreRates | null | undefined): StoreRateIssue[] {
  const issues: StoreRateIssue[] = [];
  if (!store) return issues;
  for (const t of pack.taxes) {
    if (!t.storeRate || (t.storeRateMax === undefined && t.storeRateStep === undefined) || !inEffect(t.effective, date)) continue;
    const rate = store[t.storeRate];
    if (!rate) continue;
    const path: FieldPath = ['store', t.storeRate];
    if (issues.some((i) => i.path[1] === t.storeRate)) continue;
    let micro: number;
    try {
      micro = toMicro(rate);
    } catch {
      continue; // the tax engine reports the precision itself
    }
    if (t.storeRateMax !== undefined && micro > toMicro(t.storeRateMax))
      issues.push({ path, rule: t.id, message: `${t.label}: ${pack.jurisdiction} allows a local rate of at most ${percent(t.storeRateMax)}; the store's ${percent(rate)} cannot be charged (${t.id})` });
    else if (t.storeRateStep !== undefined && micro % toMicro(t.storeRateStep) !== 0)
      issues.push({ path, rule: t.id, message: `${t.label}: ${pack.jurisdiction} local rates go in steps of ${percent(t.storeRateStep)}; the store's ${percent(rate)} is not one (${t.id})` });
  }
  return issues;
}
