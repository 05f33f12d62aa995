// How a pickup order is handed over: at the counter (`in_store`), at the curb or through a
// drive-through window. The packs answer curbside and drive-through where the reference does
// (pickupModes). The reading, for evaluate() and for a caller offering the modes:
// - in_store is a sale on the licensed premises, which every pack's other rules already govern:
//   always allowed, with or without a pickupModes rule;
// - curbside and drive_through hand cannabis over outside the sales floor, which is exactly what
//   some states ban: allowed only where a rule in effect on the store-local date says allowed.
//   A rule that says banned refuses it with that rule's id and source; a pack with no rule for the
//   mode on that date (the reference says nothing: US-OR, US-CO, US-WA curbside…) refuses it too,
//   under the engine rule id `<jurisdiction>.pickup.<mode>.none`, because silence is not permission.
import { HAND_OVER_MODES, type HandOverMode, type PickupMode } from './categories.ts';
import type { Snapshot } from './compile-pack.ts';
import { inEffect, type Pack, type PickupModeRule } from './pack-schema.ts';
import type { CheckedRequest } from './request-schema.ts';
import type { Violation } from './response-schema.ts';

/** The pack's rule for the mode in effect on the date, or undefined where the reference says nothing. */
export function pickupModeRule(pack: Pack, mode: PickupMode, date: string): PickupModeRule | undefined {
  if (!inEffect(pack.effective, date)) return undefined;
  return pack.pickupModes.find((r) => r.mode === mode && inEffect(r.effective, date));
}

/**
 * The hand-over modes a pickup may name at a store under the pack on the store-local date, in
 * HAND_OVER_MODES order: in_store always (while the pack is in effect), curbside and drive_through
 * only where a rule in effect allows them. Empty on a date outside the pack (nothing is sold then).
 */
export function allowedPickupModes(pack: Pack, date: string): HandOverMode[] {
  if (!inEffect(pack.effective, date)) return [];
  return HAND_OVER_MODES.filter((mode) => mode === 'in_store' || pickupModeRule(pack, mode, date)?.allowed === true);
}

const LABEL: Record<PickupMode, string> = { curbside: 'Curbside pickup', drive_through: 'Drive-through pickup' };

/** The refusal of a pickup's hand-over mode, or undefined when the mode is allowed (or the sale is no pickup). */
export function checkPickupMode(snap: Snapshot, req: CheckedRequest): Violation | undefined {
  if (req.channel !== 'pickup') return undefined;
  const mode = req.pickup?.mode ?? 'in_store';
  if (mode === 'in_store') return undefined;
  const rule = snap.pickupModes.find((r) => r.mode === mode);
  if (rule?.allowed) return undefined;
  const name = snap.pack.name;
  if (!rule) {
    return {
      code: 'PICKUP_MODE_NOT_ALLOWED',
      message: `${LABEL[mode]} is not allowed at this store: the ${name} rules Verdant follows do not say it is allowed, so the order is picked up inside the store.`,
      rule: `${snap.pack.jurisdiction.toLowerCase()}.pickup.${mode.replace('_', '-')}.none`,
      lines: [],
      overridable: false,
    };
  }
  return {
    code: 'PICKUP_MODE_NOT_ALLOWED',
    message: `${LABEL[mode]} is not allowed in ${name}: the order is picked up inside the store.`,
    rule: rule.id,
    lines: [],
    overridable: rule.overridable,
    confidence: rule.confidence,
    source: rule.source,
  };
}
