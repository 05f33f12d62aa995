export type RulesErrorCode = 'JURISDICTION_UNKNOWN' | 'NO_PACK_IN_EFFECT' | 'VALIDATION_FAILED' | 'PACK_INVALID';

export type FieldPath = (string | number)[];

export interface RulesErrorDetails {
  /** Where the problem is, e.g. ["lines", 2, "thcMg"]. */
  path: FieldPath;
  issues?: { path: FieldPath; message: string }[];
  [key: string]: unknown;
}

const STATUS: Record<RulesErrorCode, number> = {
  JURISDICTION_UNKNOWN: 404,
  NO_PACK_IN_EFFECT: 422,
  VALIDATION_FAILED: 400,
  // A pack (built-in, supplied or overridden) that fails the schema is a configuration fault.
  PACK_INVALID: 500,
};

/** The one error the engine throws; the server maps it to `{ error: { code, message, details } }`. */
export class RulesError extends Error {
  readonly code: RulesErrorCode;
  readonly httpStatus: number;
  readonly details: RulesErrorDetails;

  constructor(code: RulesErrorCode, message: string, details: RulesErrorDetails = { path: [] }) {
    super(message);
    this.name = 'RulesError';
    this.code = code;
    this.httpStatus = STATUS[code];
    this.details = details;
  }

  toJSON(): { code: RulesErrorCode; message: string; details: RulesErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function formatPath(path: FieldPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

export function validationError(path: FieldPath, message: string): RulesError {
  return new RulesError('VALIDATION_FAILED', `${formatPath(path)}: ${message}`, {
    path,
    issues: [{ path, message }],
  });
}
