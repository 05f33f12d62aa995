import { TraceabilityError, type TraceabilityErrorInit, type TraceabilityErrorKind } from './traceability-error';

export type MetrcErrorKind = TraceabilityErrorKind;

/** A failed Metrc call. `kind` and `retryable` drive the outbox worker; see TraceabilityError. */
export class MetrcError extends TraceabilityError {
  constructor(init: TraceabilityErrorInit) {
    super('metrc', init);
    this.name = 'MetrcError';
  }
}

export function isMetrcError(value: unknown): value is MetrcError {
  return value instanceof MetrcError;
}
