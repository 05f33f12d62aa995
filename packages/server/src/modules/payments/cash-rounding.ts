/** Rounds a cash amount half-up to the store's smallest cash unit (1, 5, 10 or 25 cents). */
export function roundCash(amountCents: number, unitCents: number): number {
  if (unitCents <= 1) return amountCents;
  return Math.floor((amountCents + Math.floor(unitCents / 2)) / unitCents) * unitCents;
}
