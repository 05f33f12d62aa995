/**
 * Metrc units of measure. A package is either count-based (Each) or weight-based; a sale may be
 * reported in any unit of the same kind and Metrc converts, but Each ↔ grams is a mismatch.
 * Conversion factors are exact by definition (1 oz = 28.349523125 g, 1 lb = 16 oz).
 */
export type MetrcUnitOfMeasure = 'Each' | 'Milligrams' | 'Grams' | 'Kilograms' | 'Ounces' | 'Pounds';
export type MetrcQuantityType = 'CountBased' | 'WeightBased';

export interface UnitDefinition {
  name: MetrcUnitOfMeasure;
  abbreviation: string;
  quantityType: MetrcQuantityType;
  /** Size of one unit in the kind's base unit (grams for weight, items for count). */
  toBase: number;
}

export const UNITS_OF_MEASURE: readonly UnitDefinition[] = [
  { name: 'Each', abbreviation: 'ea', quantityType: 'CountBased', toBase: 1 },
  { name: 'Milligrams', abbreviation: 'mg', quantityType: 'WeightBased', toBase: 0.001 },
  { name: 'Grams', abbreviation: 'g', quantityType: 'WeightBased', toBase: 1 },
  { name: 'Kilograms', abbreviation: 'kg', quantityType: 'WeightBased', toBase: 1000 },
  { name: 'Ounces', abbreviation: 'oz', quantityType: 'WeightBased', toBase: 28.349523125 },
  { name: 'Pounds', abbreviation: 'lb', quantityType: 'WeightBased', toBase: 453.59237 },
];

export const GRAMS_PER_OUNCE = 28.349523125;

export function findUnit(name: string): UnitDefinition | undefined {
  const lower = name.trim().toLowerCase();
  return UNITS_OF_MEASURE.find((u) => u.name.toLowerCase() === lower || u.abbreviation === lower);
}

export class UnitMismatchError extends Error {
  constructor(readonly from: string, readonly to: string) {
    super(`Unit of measure ${from} cannot be converted to ${to}`);
    this.name = 'UnitMismatchError';
  }
}

/** Metrc keeps quantities to a handful of decimals; rounding stops float dust from piling up. */
export function roundQuantity(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

export function convertQuantity(quantity: number, from: string, to: string): number {
  const a = findUnit(from);
  const b = findUnit(to);
  if (a === undefined) throw new UnitMismatchError(from, to);
  if (b === undefined) throw new UnitMismatchError(from, to);
  if (a.quantityType !== b.quantityType) throw new UnitMismatchError(a.name, b.name);
  if (a.name === b.name) return quantity;
  return roundQuantity((quantity * a.toBase) / b.toBase);
}

export function canConvert(from: string, to: string): boolean {
  const a = findUnit(from);
  const b = findUnit(to);
  return a !== undefined && b !== undefined && a.quantityType === b.quantityType;
}
