// What a refused request answered, in one comparable shape: its status, its stable code and the
// field path it names (from `details.path`, or the first of a list of validation details).
import type { LightMyRequestResponse } from 'fastify';

export function refusal(r: LightMyRequestResponse): { status: number; code: string | undefined; path: unknown } {
  const error = r.json().error ?? {};
  const details = error.details;
  return { status: r.statusCode, code: error.code, path: Array.isArray(details) ? details[0]?.path : details?.path };
}
