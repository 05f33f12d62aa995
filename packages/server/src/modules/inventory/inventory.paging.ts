import { AppError } from '../../platform/errors';

// The store's lists of manifests and counts page newest first, as the package ledger pages oldest
// first: `limit` rows, then `after` = the previous page's `nextAfter` (the id of its last row).
// Their ids are UUIDs, so the order is (created_at, id), compared in SQL.

export interface PageQuery<S extends string> {
  status?: S;
  limit: number;
  /** The id of the last row of the previous page (its nextAfter). */
  after?: string;
}

/** A cursor that names no row of this store's list: the page it continues cannot be found. */
export function unknownCursor(what: string): AppError {
  const message = `not a ${what} of this store (pass the nextAfter of the previous page)`;
  return new AppError(400, 'VALIDATION_FAILED', `Invalid request querystring: after: ${message}`, [{ path: ['querystring', 'after'], message }]);
}
