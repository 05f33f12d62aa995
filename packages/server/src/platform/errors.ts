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
