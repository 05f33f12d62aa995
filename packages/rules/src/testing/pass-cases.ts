// What the acceptance passes (fifth-pass-cases and on) share: a basket at a store-local moment,
// judged by evaluate(), and the answers' violations by code and by limit.
import { evaluate } from '../evaluate.ts';
import type { EvaluateRequest, RequestLine } from '../request-schema.ts';
import type { EvaluateResponse } from '../response-schema.ts';
import { localInstant } from './fixtures.ts';

export type Customer = EvaluateRequest['customer'];
/** A request line whose sku, quantity (1) and unit price ($10) may be left out. */
export type Line = Omit<RequestLine, 'sku' | 'quantity' | 'unitPriceCents'> & Partial<Pick<RequestLine, 'sku' | 'quantity' | 'unitPriceCents'>>;

export interface CaseOptions {
  /** Store-local date and time of the sale (default 2025-11-15 at 14:00). */
  date?: string;
  time?: string;
  /** An explicit instant (with its real offset), instead of date and time. */
  at?: string;
  /** Default: an adult-use customer born 1980-01-01 with an ID of the jurisdiction. */
  customer?: Customer;
  store?: EvaluateRequest['store'];
  /** Earlier purchases, at an explicit instant or at a store-local date (and time, default 10:00). */
  history?: { at?: string; date?: string; time?: string; lines: Line[] }[];
  channel?: EvaluateRequest['channel'];
  delivery?: EvaluateRequest['delivery'];
  pickup?: EvaluateRequest['pickup'];
}

export const DAY = '2025-11-15';
export const withSku = (l: Line, i: number): RequestLine => ({ sku: `L${i}`, quantity: 1, unitPriceCents: 1000, ...l });

export function run(j: string, lines: Line[], o: CaseOptions = {}): EvaluateResponse {
  const instant = (date: string | undefined, time: string) => localInstant(j, date ?? DAY, time);
  return evaluate({
    jurisdiction: j,
    at: o.at ?? instant(o.date, o.time ?? '14:00:00'),
    channel: o.channel ?? 'in_store',
    customer: o.customer ?? { kind: 'adult_use', birthDate: '1980-01-01', idJurisdiction: j },
    ...(o.store ? { store: o.store } : {}),
    ...(o.delivery ? { delivery: o.delivery } : {}),
    ...(o.pickup ? { pickup: o.pickup } : {}),
    ...(o.history ? { history: o.history.map((h) => ({ at: h.at ?? instant(h.date, h.time ?? '10:00:00'), lines: h.lines.map(withSku) })) } : {}),
    lines: lines.map(withSku),
  });
}

export const codes = (r: EvaluateResponse) => r.violations.map((v) => v.code);
export const limitHits = (r: EvaluateResponse) => r.violations.filter((v) => v.code === 'PURCHASE_LIMIT').map((v) => v.rule);
