// Curbside and drive-through hand-over: whether the jurisdiction allows a mode on a store-local
// date. Verdant's pickup has no such mode yet; the answer is for integrators and a mode to come.
import type { PickupMode } from './categories.ts';
import { inEffect, type Pack, type PickupModeRule } from './pack-schema.ts';

/** The pack's rule for the mode in effect on the date, or undefined where the reference says nothing. */
export function pickupModeRule(pack: Pack, mode: PickupMode, date: string): PickupModeRule | undefined {
  if (!inEffect(pack.effective, date)) return undefined;
  return pack.pickupModes.find((r) => r.mode === mode && inEffect(r.effective, date));
}
