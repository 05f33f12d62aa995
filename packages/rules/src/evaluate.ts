// evaluate(): one compliance-and-tax decision for a cart. Pure: everything it needs is in the
// request (cart, history, store rates) and the pack; nothing is read from or written anywhere.
import { CATEGORY_INDEX, type CustomerKind } from './categories.ts';
import { KIND_BIT, type CompiledLimit, type Snapshot } from './compile-pack.ts';
import { cardViolation, checkAge, checkCard, effectiveKind, residencyOf } from './customer.ts';
import { checkDelivery } from './delivery.ts';
import { RulesError, validationError, type FieldPath } from './errors.ts';
import { checkHours, clock } from './hours.ts';
import { evaluateLimit, measureLine, type MeasuredLine, type PatientAllowance } from './limits.ts';
import { ageOn, isValidTimeZone, startOfLocalDay, toLocal, type LocalMoment } from './local-time.ts';
import { parseInstant } from './instant.ts';
import { inEffect, type Pack } from './pack-schema.ts';
import { checkPickupMode } from './pickup-modes.ts';
import { checkProducts } from './products.ts';
import { decimalToRatio, divMod } from './rational.ts';
import { resolvePack, snapshotFor, type PackOptions } from './registry.ts';
import { evaluateRequestSchema, isWellFormedRequest, type CheckedRequest, type EvaluateRequest } from './request-schema.ts';
import type { EvaluateResponse, LimitUsage, Violation } from './response-schema.ts';
import { storeRateIssues } from './store-rates.ts';
import { computeTaxes } from './tax.ts';

export type EvaluateOptions = PackOptions;

/** Validates a request like the HTTP layer would, throwing VALIDATION_FAILED with the field path. */
export function parseEvaluateRequest(request: unknown, historyMs?: number[]): CheckedRequest {
  if (isWellFormedRequest(request, historyMs)) return request as CheckedRequest;
  if (historyMs) historyMs.length = 0;
  const result = evaluateRequestSchema.safeParse(request);
  if (result.success) return result.data as CheckedRequest;
  const issues = result.error.issues.map((i) => ({ path: i.path as FieldPath, message: i.message }));
  const first = issues[0];
  const err = validationError(first.path, first.message);
  err.details.issues = issues;
  throw err;
}

export function evaluate(request: EvaluateRequest, options?: EvaluateOptions): EvaluateResponse {
  const historyMs: number[] = [];
  const req = parseEvaluateRequest(request, historyMs);
  const pack = resolvePack(req.jurisdiction, options);
  const timeZone = req.store?.timezone ?? pack.timezone;
  if (!isValidTimeZone(timeZone)) throw validationError(['store', 'timezone'], `unknown IANA timezone "${timeZone}"`);
  const atMs = parseInstant(req.at);
  if (Number.isNaN(atMs)) throw validationError(['at'], 'not a readable instant');
  const now = toLocal(timeZone, atMs);
  if (!inEffect(pack.effective, now.date)) {
    const range = `${pack.effective.from} to ${pack.effective.to ?? 'open-ended'}`;
    throw new RulesError(
      'NO_PACK_IN_EFFECT',
      `No ${pack.jurisdiction} rules are in effect on ${now.date} (store-local date); the pack covers ${range}`,
      { path: ['at'], jurisdiction: pack.jurisdiction, date: now.date, effective: pack.effective },
    );
  }
  const snap = snapshotFor(pack, now.date);
  if (req.store?.localSalesTaxRate || req.store?.localCannabisTaxRate) {
    // A local rate the jurisdiction's law caps below it is a store setting to fix, not a tax to charge.
    const issue = storeRateIssues(pack, now.date, req.store)[0];
    if (issue) throw validationError(issue.path, issue.message);
  }
  const kind = effectiveKind(req, snap);
  const violations: Violation[] = [];

  const age = ageOn(req.customer.birthDate, now.date);
  const masks = req.lines.map((l) => 1 << CATEGORY_INDEX[l.category]);
  checkAge(req, snap, kind, age, now.date, masks, violations);
  const card = checkCard(req, snap, now.date);
  if (kind === 'medical' && !card.valid) violations.push(cardViolation(snap, card));

  const residency = residencyOf(req, pack.jurisdiction);
  const allowances = req.customer.limitAllowances?.length ? patientAllowances(pack, snap, req.customer.limitAllowances) : undefined;
  const limits = evaluateLimits(snap, req, historyMs, kind, residency, age, timeZone, now, violations, allowances);

  if (snap.hours.length) {
    const deliverAt = req.channel === 'delivery' ? req.delivery?.deliverAt : undefined;
    const when = deliverAt ? toLocal(timeZone, parseInstant(deliverAt)) : now;
    const v = checkHours(snap.hours, when.secondOfDay, deliverAt ? 'Delivery' : 'Sale', clock(when.secondOfDay));
    if (v) violations.push(v);
  }

  violations.push(...checkProducts(snap, req, masks, kind));

  const tax = computeTaxes(snap, req, masks, { kind, cardValid: card.valid, cardKind: req.customer.medicalCard?.kind });

  if (req.channel === 'delivery') violations.push(...checkDelivery(snap, req, kind, timeZone, atMs, tax.subtotalCents));
  const pickupRefusal = checkPickupMode(snap, req);
  if (pickupRefusal) violations.push(pickupRefusal);

  return {
    allowed: violations.length === 0,
    violations,
    limits,
    taxes: tax.taxes,
    subtotalCents: tax.subtotalCents,
    taxCents: tax.taxCents,
    totalCents: tax.totalCents,
    packVersion: snap.packVersion,
    receiptLines: tax.receiptLines,
    context: {
      jurisdiction: pack.jurisdiction,
      timezone: timeZone,
      localDate: now.date,
      localTime: clock(now.secondOfDay),
      customerKind: kind,
      residency,
    },
  };
}

function applies(limit: CompiledLimit, kind: CustomerKind, residency: string, age: number): boolean {
  const r = limit.rule;
  if ((limit.kindMask & KIND_BIT[kind]) === 0) return false;
  if (r.residency && r.residency !== residency) return false;
  if (r.customerAge?.min !== undefined && age < r.customerAge.min) return false;
  if (r.customerAge?.under !== undefined && age >= r.customerAge.under) return false;
  return true;
}

function windowRange(limit: CompiledLimit, timeZone: string, now: LocalMoment): [number, number] {
  const { year, month, day } = now;
  const end = startOfLocalDay(timeZone, year, month, day + 1);
  const w = limit.rule.window;
  if (w.kind === 'calendar_month') return [startOfLocalDay(timeZone, year, month, 1), startOfLocalDay(timeZone, year, month + 1, 1)];
  if (w.kind === 'rolling_days') return [startOfLocalDay(timeZone, year, month, day - (w.days - 1)), end];
  return [startOfLocalDay(timeZone, year, month, day), end];
}

function evaluateLimits(
  snap: Snapshot,
  req: CheckedRequest,
  historyMs: number[],
  kind: CustomerKind,
  residency: string,
  age: number,
  timeZone: string,
  now: LocalMoment,
  violations: Violation[],
  allowances: Map<string, PatientAllowance> | undefined,
): LimitUsage[] {
  const applicable = snap.limits.filter((l) => applies(l, kind, residency, age));
  if (applicable.length === 0) return [];
  const cart: MeasuredLine[] = req.lines.map((l, i) => measureLine(l, -1, i));

  const history = req.history ?? [];
  // The fast request check already read every history instant; the zod path did not.
  const entryMs = historyMs.length === history.length ? historyMs : history.map((h) => parseInstant(h.at));
  const measured: (MeasuredLine[] | undefined)[] = new Array(history.length);
  const byWindow = new Map<string, MeasuredLine[]>();
  const historyIn = (limit: CompiledLimit): MeasuredLine[] => {
    if (limit.windowKey === 'transaction' || history.length === 0) return [];
    let lines = byWindow.get(limit.windowKey);
    if (lines) return lines;
    const [start, end] = windowRange(limit, timeZone, now);
    lines = [];
    for (let h = 0; h < history.length; h++) {
      if (entryMs[h] < start || entryMs[h] >= end) continue;
      let m = measured[h];
      if (!m) measured[h] = m = history[h].lines.map((l, j) => measureLine(l, h, j));
      for (const line of m) lines.push(line);
    }
    byWindow.set(limit.windowKey, lines);
    return lines;
  };

  const usage: LimitUsage[] = [];
  for (const limit of applicable) {
    const outcome = evaluateLimit(limit, cart, historyIn(limit), allowances?.get(limit.rule.id));
    usage.push(outcome.usage);
    if (outcome.violation) violations.push(outcome.violation);
  }
  return usage;
}

/**
 * Checks each patient allowance against the pack and scales it like the limit's maximum. A limit
 * id the pack does not have, or one whose version in effect a practitioner cannot raise, is a 400
 * naming the entry: dropping it would leave the patient at the pack maximum without anyone seeing why.
 * Whether it applies (medical customer, limit applies to them) is decided per limit later.
 */
function patientAllowances(pack: Pack, snap: Snapshot, list: { limit: string; max: number }[]): Map<string, PatientAllowance> {
  const out = new Map<string, PatientAllowance>();
  list.forEach((a, i) => {
    const path: FieldPath = ['customer', 'limitAllowances', i, 'limit'];
    const limit = snap.limits.find((l) => l.rule.id === a.limit);
    if (!limit) {
      const known = pack.limits.some((l) => l.id === a.limit);
      throw validationError(path, known ? `limit ${a.limit} is not in effect on ${snap.date}` : `the ${pack.jurisdiction} pack has no limit ${a.limit}`);
    }
    if (!limit.rule.patientAdjustable)
      throw validationError(path, `limit ${a.limit} cannot be raised for a patient: the ${pack.jurisdiction} pack does not mark it patient-adjustable`);
    // Scaled like the pack maximum; a fraction of the smallest step rounds down (the stricter side).
    const r = decimalToRatio(a.max);
    const scaled = r.num * limit.scale;
    if (!Number.isSafeInteger(scaled)) throw validationError(['customer', 'limitAllowances', i, 'max'], 'too large to count exactly');
    out.set(a.limit, { max: a.max, maxScaled: divMod(scaled, r.den)[0] });
  });
  return out;
}
