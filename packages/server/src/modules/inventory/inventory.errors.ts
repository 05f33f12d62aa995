import { AppError } from '../../platform/errors';

// Stable error codes of the inventory module. Clients switch on the code; the message is for people.
// Validation-style refusals carry `details.path` (or a list of { path, … }) naming the field.

export const InventoryErrorCode = {
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  NOT_SELLABLE: 'PACKAGE_NOT_SELLABLE',
  UNIT_MISMATCH: 'UNIT_MISMATCH',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  LABEL_TAKEN: 'LABEL_TAKEN',
  UNKNOWN_PACKAGE: 'UNKNOWN_PACKAGE',
  UNKNOWN_LOCATION: 'UNKNOWN_LOCATION',
  RESERVATION_NOT_HELD: 'RESERVATION_NOT_HELD',
  MANIFEST_CLOSED: 'MANIFEST_CLOSED',
  MANIFEST_ITEM_DONE: 'MANIFEST_ITEM_DONE',
  TRANSFER_NOT_IN_TRANSIT: 'TRANSFER_NOT_IN_TRANSIT',
  COUNT_STATE: 'COUNT_STATE',
  WITNESS_REQUIRED: 'WITNESS_REQUIRED',
  INVALID_STATUS_CHANGE: 'INVALID_STATUS_CHANGE',
  RETURN_EXCEEDS_SALE: 'RETURN_EXCEEDS_SALE',
  NOT_AT_STORE: 'PACKAGE_NOT_AT_STORE',
} as const;

export type Path = Array<string | number>;

export const insufficientStock = (lines: unknown[]) =>
  new AppError(409, InventoryErrorCode.INSUFFICIENT_STOCK, 'Not enough sellable stock for one or more lines.', { lines });

export const invalidQuantity = (path: Path, message: string) =>
  new AppError(400, InventoryErrorCode.INVALID_QUANTITY, message, { path });

export const unitMismatch = (path: Path, message: string, extra: Record<string, unknown> = {}) =>
  new AppError(422, InventoryErrorCode.UNIT_MISMATCH, message, { path, ...extra });

/** Stock reaches a store by receiving or a transfer, never by typing a number at it. */
export const notAtStore = (label: string, path: Path) =>
  new AppError(409, InventoryErrorCode.NOT_AT_STORE, `Package ${label} has never been at this store: receive it on a manifest or transfer it here.`, { label, path });

export const unknownPackage = (label: string, path: Path) =>
  new AppError(404, InventoryErrorCode.UNKNOWN_PACKAGE, `No package with label ${label} in this organization.`, { label, path });

export const unknownLocation = (code: string, path: Path) =>
  new AppError(404, InventoryErrorCode.UNKNOWN_LOCATION, `No active location "${code}" in this store.`, { code, path });

export const notSellable = (details: Record<string, unknown>) =>
  new AppError(409, InventoryErrorCode.NOT_SELLABLE, 'This package cannot be sold or reserved (not active, lab failed, expired, or not at a sellable location).', details);

/** The database refused a write on its own (trigger or CHECK): turn it into a stable 409. */
export function translateDbError(error: unknown, details: Record<string, unknown> = {}): unknown {
  const e = error as { code?: string; message?: string; constraint?: string };
  if (typeof e?.message === 'string' && e.message.includes('INVENTORY_NOT_SELLABLE')) return notSellable(details);
  if (e?.code === '23514' && e.constraint?.startsWith('inventory_stock')) {
    return new AppError(409, InventoryErrorCode.INSUFFICIENT_STOCK, 'The stock counters would break their limits.', { ...details, constraint: e.constraint });
  }
  if (e?.code === '23505' && e.constraint === 'inventory_package_label_key') {
    return new AppError(409, InventoryErrorCode.LABEL_TAKEN, 'This package label is already in use.', details);
  }
  return error;
}

/** Quantities are integers in the package's base unit (units, or milligrams). */
export function assertQuantity(value: number, path: Path, options: { allowZero?: boolean; allowNegative?: boolean } = {}): void {
  if (!Number.isSafeInteger(value)) throw invalidQuantity(path, 'Quantities are whole numbers (units, or milligrams for weight).');
  if (!options.allowNegative && value < 0) throw invalidQuantity(path, 'Quantity may not be negative.');
  if (!options.allowZero && value === 0) throw invalidQuantity(path, 'Quantity may not be zero.');
}
