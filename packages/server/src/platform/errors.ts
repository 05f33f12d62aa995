// One error shape for the whole API: { error: { code, message, details } }.
// Codes are stable strings that clients may switch on; messages are for people.

export type ErrorDetails = unknown;

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * The same error with each field path it names (`details.path`, `details.lines[].path`,
 * `details[].path`) under `prefix`: a module names paths in what it was handed, a route in the
 * request (`["lines", 0, "packageLabel"]` handed on from a request body is `["body", "lines", 0,
 * "packageLabel"]`). Anything else passes through.
 */
export function underPath(error: unknown, prefix: readonly (string | number)[]): unknown {
  if (!(error instanceof AppError) || error.details === null || typeof error.details !== 'object') return error;
  const moved = (entry: unknown): unknown =>
    entry !== null && typeof entry === 'object' && Array.isArray((entry as { path?: unknown }).path)
      ? { ...entry, path: [...prefix, ...(entry as { path: unknown[] }).path] }
      : entry;
  const details = error.details as Record<string, unknown> | unknown[];
  const next = Array.isArray(details)
    ? details.map(moved)
    : { ...(moved(details) as Record<string, unknown>), ...(Array.isArray(details.lines) ? { lines: details.lines.map(moved) } : {}) };
  const copy = new AppError(error.statusCode, error.code, error.message, next);
  copy.stack = error.stack;
  return copy;
}

export const badRequest = (code: string, message: string, details?: ErrorDetails) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'Sign in or send an API key.') =>
  new AppError(401, 'UNAUTHENTICATED', message);
export const forbidden = (permission: string) =>
  new AppError(403, 'FORBIDDEN', `This needs the permission "${permission}".`, { permission });
export const notFound = (entity: string, id?: string) =>
  new AppError(404, 'NOT_FOUND', `${entity} not found.`, id ? { entity, id } : { entity });
/**
 * 404 NOT_FOUND at the first of `ids` (in request order) that is not in `found`, the ids the
 * caller's organization has: another organization's row is answered like a row that does not exist.
 * Unnamed entries (undefined) are skipped.
 */
export function assertAllFound(ids: readonly (string | undefined)[], found: ReadonlySet<string>, entity: string, pathOf: (index: number) => (string | number)[]): void {
  const i = ids.findIndex((id) => id !== undefined && !found.has(id));
  if (i >= 0) throw new AppError(404, 'NOT_FOUND', `${entity} not found.`, { entity, id: ids[i], path: pathOf(i) });
}
export const conflict = (code: string, message: string, details?: ErrorDetails) =>
  new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: ErrorDetails) =>
  new AppError(422, code, message, details);

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetails };
}

export function errorBody(code: string, message: string, details?: ErrorDetails): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}
