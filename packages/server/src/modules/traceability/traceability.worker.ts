import {
  completeSalesDeliveryOnce,
  fileSalesDeliveryOnce,
  pickReturnReason,
  reportSaleOnce,
  toMetrcReceipt,
  TraceabilityError,
  type MetrcClient,
  type MetrcReturnReason,
  type TraceSale,
} from '@verdant/metrc';
import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema';
import { BackgroundLoop, backoffWithJitter } from '../../platform/background-loop';
import type { Logger } from '../../platform/logger';
import type { Platform } from '../../platform/platform';
import { systemContext } from '../../platform/context';
import { inTransaction, type Db } from '../../platform/unit-of-work';
import {
  EngineUnavailable,
  remainingAfterReturns,
  toTraceSale,
  withLicenseNumbers,
  type CompletedOrderPayload,
  type EngineRegistry,
  type ReturnPayload,
  type StoreEngine,
} from './traceability.engines';
import {
  DeliveryNotReady,
  driverForDelivery,
  metrcPaymentType,
  NOT_DELIVERED_RETURN_REASONS,
  toCompletion,
  toSalesDelivery,
  type DeliveryDepartedPayload,
  type DeliveryEndedPayload,
} from './traceability.deliveries';
import { filedAsSalesDelivery } from './traceability.intake';
import { ordersPort } from './traceability.ports';
import type { ReportKind } from './traceability.tables';
import { customerSecrets, stateLicenseNumbers } from '../customers';
import { paymentsForOrder } from '../payments';

export const REPORT_SENT = 'traceability.report.sent';
export const REPORT_FAILED = 'traceability.report.failed';

export interface ReportWorkerOptions {
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** How long a claimed report stays ours; longer than the slowest state call. */
  leaseMs: number;
  batchSize: number;
  /** State calls in flight at once in this process. */
  concurrency: number;
  /** Consecutive transport failures that pause a store (then one probe at a time). */
  circuitFailures: number;
  pollMs: number;
  /**
   * After a write that got no answer (timeout, cut connection), how long before the next try:
   * a slow state server may still record the first POST after we stopped waiting, and a lookup
   * made before that says "absent" and lets a second receipt through. Longer than the client's
   * timeout.
   */
  settleMs: number;
}

export function traceBackoffMs(attempt: number, options: Pick<ReportWorkerOptions, 'baseBackoffMs' | 'maxBackoffMs'>, random = Math.random): number {
  return backoffWithJitter(attempt, options.baseBackoffMs, options.maxBackoffMs, random);
}

interface Claimed {
  id: string;
  /** When this process claimed it (local clock): a batch is worked one by one, the lease runs for all. */
  claimedAt?: number;
  organization_id: string;
  store_id: string;
  kind: ReportKind;
  order_id: string | null;
  payload: unknown;
  occurred_at: Date;
  attempts: number;
  /** The claim's fencing token (see stillOurs). */
  claim_seq: number;
  needs_lookup: boolean;
  /**
   * The personal numbers this attempt sent (a patient's or caregiver's card, a driver's licence):
   * the state may echo them in its refusal ("patient … does not have an active registration"),
   * and the reason goes to the report row, the failed list, the `traceability.report.failed`
   * event (webhooks) and the log, where they must not.
   */
  personalNumbers?: string[];
}

/**
 * The row is still under this claim. claim_seq is the token: every claim raises it and nothing
 * lowers it, so a claim that lapsed and was taken over never matches again, even after a resend
 * set `attempts` back to the value it had. `attempts` is compared as well only so that a process
 * still running code from before claim_seq existed (its claims raise `attempts` alone) fences this
 * one out during a rolling upgrade; within one claim neither value changes.
 */
function underClaim(eb: ExpressionBuilder<DB, 'trace_report'>, report: Pick<Claimed, 'claim_seq' | 'attempts'>) {
  return eb.and([eb('claim_seq', '=', report.claim_seq), eb('attempts', '=', report.attempts)]);
}

interface StoreRow {
  store_id: string;
  engine: 'metrc' | 'biotrack' | 'none';
  base_url: string | null;
  license_number: string;
  credentials_encrypted: string | null;
  updated_at: Date;
  delivery_phone: string | null;
  reporting_since: Date | null;
  jurisdiction: string;
  timezone: string;
  name: string;
}

/** Why an attempt failed, in words a manager can act on, plus what the worker does next. */
export interface AttemptFailure {
  kind: string;
  message: string;
  /** The state may hold the write although we saw no answer. */
  outcomeUnknown: boolean;
  /** The state system itself is unwell (counts toward the store's circuit). */
  transport: boolean;
  retryAfterMs?: number;
  /** No try can settle it: the report goes to the failed list at once, for a person. */
  final?: boolean;
}

interface SentOutcome {
  report: Claimed;
  externalId: string | null;
  alreadyReported: boolean;
  latencyMs: number;
}

/**
 * A report that must wait for another (a void for its sale): not a failure, no attempt spent.
 * `waitsOn`: the report it waits for. While that one has failed (or does not exist), only a
 * person's resend or resolve moves it, which wakes this one (wakeReportsWaitingOn); until then this
 * one is looked at again every BLOCKED_RECHECK_MS, not every second.
 */
class Deferred extends Error {
  constructor(
    message: string,
    readonly waitsOn: string | null,
  ) {
    super(message);
  }
}

/**
 * An earlier try of a write the state cannot look up (a package adjustment) ended without an
 * answer: posting again might record it twice, so a person checks the state and resends or resolves.
 */
class OutcomeUnknown extends Error {}

/** How often a report waiting on a failed one is looked at again, should a wake-up be missed. */
export const BLOCKED_RECHECK_MS = 5 * 60_000;

const CIRCUIT_MAX_PAUSE_MS = 5_000;
/** How long a state's list of delivery return reasons is reused before it is read again. */
const RETURN_REASONS_TTL_MS = 10 * 60_000;
const DELIVERY_FILED_BY_HAND =
  'This order was filed with Metrc as a sales delivery, which Metrc completes at the door and does not void or take returns on through its API: record it in Metrc by hand and mark this report resolved.';
const SALE_NOT_FILED_YET = 'Waiting for the sale report to be filed first.';
const SALE_NEVER_FILED =
  'The sale was completed before this store reported to the state, so the state holds no receipt to return it against: record the return in the state system and mark this report resolved.';
const ANSWERED = new Set(['unauthorized', 'forbidden', 'not_found', 'invalid', 'too_large']);
const TRANSPORT = new Set(['server', 'timeout', 'network', 'malformed']);

export function describeFailure(error: unknown): AttemptFailure {
  if (error instanceof TraceabilityError) {
    const state = error.engine === 'metrc' ? 'Metrc' : 'BioTrack';
    const reasons: Record<string, string> = {
      unauthorized: `${state} refused the API keys (401): check the vendor and user keys`,
      forbidden: `${state} refused access (403): the user key has no access to this licence, or the endpoint is off for it`,
      not_found: `${state} has no such record (404)`,
      invalid: `${state} rejected the report`,
      too_large: `${state} refused the batch size (413)`,
      rate_limited: `${state} is rate limiting (429)`,
      server: `${state} answered with a server error${error.status ? ` (${error.status})` : ''}`,
      timeout: `${state} did not answer in time`,
      network: `${state} could not be reached (connection refused or reset)`,
      malformed: `${state} answered with something that is not its JSON`,
    };
    const detail = [error.message, ...error.details].filter(Boolean).join(' — ');
    return {
      kind: error.kind,
      message: `${reasons[error.kind] ?? error.kind}: ${detail}`.slice(0, 1500),
      outcomeUnknown: error.outcomeUnknown,
      transport: TRANSPORT.has(error.kind),
      retryAfterMs: error.retryAfterMs,
    };
  }
  if (error instanceof EngineUnavailable) return { kind: 'configuration', message: error.message, outcomeUnknown: false, transport: false };
  if (error instanceof OutcomeUnknown) return { kind: 'outcome_unknown', message: error.message, outcomeUnknown: true, transport: false, final: true };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message: `Verdant could not build the report: ${message}`.slice(0, 1500), outcomeUnknown: false, transport: false };
}

/** Keeps the personal numbers an attempt sends, to blank them out of its failure (see Claimed). */
function remember(report: Claimed, ...numbers: Array<string | null | undefined>): void {
  report.personalNumbers = [...(report.personalNumbers ?? []), ...numbers.filter((n): n is string => !!n)];
}

/** The failure with the personal numbers the attempt sent blanked out of its words. */
export function withoutPersonalNumbers(failure: AttemptFailure, numbers: readonly string[]): AttemptFailure {
  let message = failure.message;
  for (const number of numbers) if (number.trim().length > 0) message = message.split(number).join('[number on file]');
  return { ...failure, message };
}

/**
 * Works the trace_report queue: claims due reports with FOR UPDATE SKIP LOCKED and a lease (any
 * number of processes share the queue), calls the state OUTSIDE any transaction, then records the
 * outcome. A store whose state system keeps failing is paused (circuit breaker in its config row,
 * seen by every process): its reports wait without spending tries, and one probe at a time tests
 * the water, so a recovered Metrc gets the backlog at full speed instead of a stampede of lookups.
 */
/**
 * A store's claimed reports as chains worked one after the other, the chains side by side: in the
 * order they happened, and a package's adjustments in one chain, so the state hears them in that
 * order (a write-off before the count that found one back; the other way round, a package of two
 * could be taken below nothing and refused). UPDATE … RETURNING gives no order of its own.
 */
function inSequence(reports: Claimed[]): Claimed[][] {
  const ordered = [...reports].sort((a, b) => new Date(a.occurred_at).getTime() - new Date(b.occurred_at).getTime() || (a.id < b.id ? -1 : 1));
  const chains = new Map<string, Claimed[]>();
  for (const report of ordered) {
    const label = report.kind === 'adjustment' ? (report.payload as { packageLabel?: unknown }).packageLabel : undefined;
    const key = typeof label === 'string' ? `adjustment:${label}` : report.id;
    chains.set(key, [...(chains.get(key) ?? []), report]);
  }
  return [...chains.values()];
}

export class ReportWorker {
  private readonly loop: BackgroundLoop;
  /** What this process did since it started (for logs and tests; the queue itself is in the database). */
  readonly counters = { sent: 0, failedAttempts: 0, gaveUp: 0 };
  private readonly db: Db;
  private readonly logger: Logger;
  private readonly returnReasons = new Map<string, { at: number; reasons: MetrcReturnReason[] }>();

  constructor(
    private readonly platform: Platform,
    private readonly engines: EngineRegistry,
    readonly options: ReportWorkerOptions,
  ) {
    this.db = platform.database.db;
    this.logger = platform.logger.child({ module: 'traceability' });
    this.loop = new BackgroundLoop(
      async () => {
        while (!this.closing && (await this.runOnce()) > 0);
      },
      {
        pollMs: options.pollMs,
        onError: (error) => this.logger.error({ err: describeFailure(error) }, 'traceability pass failed; retrying on the next tick'),
      },
    );
  }

  private get closing(): boolean {
    return this.loop.stopping;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Runs passes until nothing is due, if the worker was started. */
  wake(): Promise<void> {
    return this.loop.wake();
  }

  /** Runs passes now even when the worker was not started (tests drive it by hand). */
  drain(): Promise<void> {
    return this.loop.drain();
  }

  private lease() {
    return sql<Date>`clock_timestamp() + make_interval(secs => ${this.options.leaseMs / 1000})`;
  }

  /** One pass: probes of paused stores whose pause ended, then due reports. Returns how many were worked. */
  async runOnce(): Promise<number> {
    const claimed = [...(await this.claimProbes()), ...(await this.claimDue())];
    if (claimed.length === 0) return 0;
    const storeIds = [...new Set(claimed.map((c) => c.store_id))];
    const stores = await this.db
      .selectFrom('trace_store_config as c')
      .innerJoin('store as s', 's.id', 'c.store_id')
      .select(['c.store_id', 'c.engine', 'c.base_url', 'c.license_number', 'c.credentials_encrypted', 'c.updated_at', 'c.delivery_phone', 'c.reporting_since', 's.jurisdiction', 's.timezone', 's.name'])
      .where('c.store_id', 'in', storeIds)
      .execute();
    const byStore = new Map(stores.map((s) => [s.store_id, s as StoreRow]));
    const queues = new Map<string, Claimed[][]>();
    for (const storeId of storeIds) queues.set(storeId, inSequence(claimed.filter((c) => c.store_id === storeId)));
    // Stores in parallel; inside a store, up to `concurrency` calls at once, stopping when the
    // store's circuit opens (the rest go back unspent).
    const perStore = Math.max(1, Math.ceil(this.options.concurrency / queues.size));
    const sent: SentOutcome[] = [];
    await Promise.all(
      [...queues.entries()].map(async ([storeId, chains]) => {
        const store = byStore.get(storeId);
        let tripped = false;
        let next = 0;
        const lane = async () => {
          while (next < chains.length) {
            for (const report of chains[next++]) {
              if (tripped || this.closing) {
                await this.release([report]);
                continue;
              }
              // The whole batch was claimed at once but is worked one by one: by the time this
              // report's turn comes its lease may have lapsed and another process may be sending
              // it (its lookup cannot see our POST yet). Renew the lease, or leave the report alone.
              if (!(await this.stillOurs(report))) continue;
              const opened = await this.attempt(report, store, sent);
              if (opened) tripped = true;
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(perStore, chains.length) }, lane));
      }),
    );
    await this.recordSent(sent);
    return claimed.length;
  }

  private async claimProbes(): Promise<Claimed[]> {
    const stores = await sql<{ store_id: string }>`
      update trace_store_config c
      set paused_until = ${this.lease()}, updated_at = c.updated_at
      where c.store_id in (
        select store_id from trace_store_config
        where engine <> 'none' and consecutive_failures >= ${this.options.circuitFailures}
          and (paused_until is null or paused_until <= clock_timestamp())
        limit 20
        for update skip locked)
      returning c.store_id`.execute(this.db);
    const probes: Claimed[] = [];
    for (const { store_id } of stores.rows) {
      const rows = await this.claim(sql`r2.store_id = ${store_id}`, 1);
      if (rows.length > 0) probes.push(...rows);
      // Nothing due to probe with: stay paused until the next report is due.
      else await this.db.updateTable('trace_store_config').set({ paused_until: null }).where('store_id', '=', store_id).execute();
    }
    return probes;
  }

  private async claimDue(): Promise<Claimed[]> {
    return this.claim(
      sql`r2.store_id in (select store_id from trace_store_config where engine <> 'none'
            and consecutive_failures < ${this.options.circuitFailures}
            and (paused_until is null or paused_until <= clock_timestamp()))`,
      this.options.batchSize,
    );
  }

  /**
   * True when the lease on `report` is still ours, renewed for one more attempt. A process whose
   * lease lapsed and was taken over no longer matches (underClaim), here or when it records an
   * outcome.
   */
  private async stillOurs(report: Claimed): Promise<boolean> {
    if (report.claimedAt !== undefined && Date.now() - report.claimedAt < this.options.leaseMs / 4) return true;
    const renewed = await this.db
      .updateTable('trace_report')
      .set({ locked_until: this.lease(), updated_at: new Date() })
      .where('id', '=', report.id)
      .where('status', '=', 'sending')
      .where((eb) => underClaim(eb, report))
      .returning('id')
      .executeTakeFirst();
    if (renewed) report.claimedAt = Date.now();
    return renewed !== undefined;
  }

  private async claim(where: ReturnType<typeof sql>, limit: number): Promise<Claimed[]> {
    // SET expressions read the old row: a row found still 'sending' after its lease ran out was
    // being sent by a process that died, so the state may hold it: look it up before posting.
    const result = await sql<Claimed>`
      update trace_report r
      set status = 'sending', attempts = r.attempts + 1, claim_seq = r.claim_seq + 1, locked_until = ${this.lease()},
          needs_lookup = r.needs_lookup or r.status = 'sending', updated_at = clock_timestamp()
      where r.id in (
        select r2.id from trace_report r2
        where ${where}
          and ((r2.status = 'queued' and r2.next_attempt_at <= clock_timestamp())
            or (r2.status = 'sending' and r2.locked_until < clock_timestamp()))
        order by r2.next_attempt_at, r2.occurred_at
        limit ${limit}
        for update skip locked)
      returning r.id, r.organization_id, r.store_id, r.kind, r.order_id, r.payload, r.occurred_at, r.attempts, r.claim_seq, r.needs_lookup`.execute(this.db);
    const claimedAt = Date.now();
    return result.rows.map((row) => ({ ...row, claimedAt }));
  }

  /** Puts claimed reports back without spending a try. */
  private async release(reports: Claimed[]): Promise<void> {
    if (reports.length === 0) return;
    await this.db
      .updateTable('trace_report')
      .set((eb) => ({ status: 'queued', attempts: eb('attempts', '-', 1), locked_until: null, updated_at: new Date() }))
      .where('status', '=', 'sending')
      // Only claims still ours (see stillOurs): never hand back a report another process is sending.
      .where((eb) => eb.or(reports.map((r) => eb.and([eb('id', '=', r.id), underClaim(eb, r)]))))
      .execute();
  }

  /** One try of one report. Returns true when this failure paused the store. */
  private async attempt(report: Claimed, store: StoreRow | undefined, sent: SentOutcome[]): Promise<boolean> {
    const started = Date.now();
    try {
      if (!store) throw new EngineUnavailable('The store has no traceability settings any more.');
      const engine = this.engines.forStore(store);
      const result = await this.send(report, store, engine);
      sent.push({ report, ...result, latencyMs: Date.now() - started });
      return false;
    } catch (error) {
      if (error instanceof Deferred) {
        // How long to wait is decided by the report waited on as it is now, read FOR SHARE: a
        // resend or resolve holds it FOR UPDATE until it commits, so it either comes first (and
        // this one waits briefly) or comes after and wakes this one; a wake-up is never lost.
        const soon = Math.min(this.options.baseBackoffMs, 1000);
        const waited = sql`(select status from trace_report where id = ${error.waitsOn} for share)`;
        await this.db
          .updateTable('trace_report')
          .set((eb) => ({
            status: 'queued', attempts: eb('attempts', '-', 1), locked_until: null, last_error: error.message,
            next_attempt_at: sql<Date>`clock_timestamp() + case when coalesce(${waited}, 'failed') = 'failed' then ${BLOCKED_RECHECK_MS}::int else ${soon}::int end * interval '1 millisecond'`,
            updated_at: new Date(),
          }))
          .where('id', '=', report.id)
          .where('status', '=', 'sending')
          .where((eb) => underClaim(eb, report))
          .execute();
        // If this was a paused store's probe, let the next due report probe at once.
        await this.db.updateTable('trace_store_config').set({ paused_until: null }).where('store_id', '=', report.store_id).where('consecutive_failures', '>=', this.options.circuitFailures).execute();
        return false;
      }
      return this.recordFailure(report, withoutPersonalNumbers(describeFailure(error), report.personalNumbers ?? []));
    } finally {
      report.personalNumbers = undefined;
    }
  }

  /**
   * The sale as the state files it. A medical sale's license numbers (the patient's card, the
   * caregiver's when one bought) are not in the event, which webhooks also carry: they are read
   * and decrypted here, when sending. A number not on file is left out and the state's answer
   * says so (the report fails with that reason and can be resent once the card is on file).
   */
  private async stateSale(report: Claimed, order: CompletedOrderPayload, store: StoreRow): Promise<TraceSale> {
    const sale = await this.withCards(report, order, toTraceSale(order, store.timezone));
    remember(report, sale.patientLicenseNumber, sale.caregiverLicenseNumber);
    return sale;
  }

  private async withCards(report: Claimed, order: CompletedOrderPayload, sale: TraceSale): Promise<TraceSale> {
    if (order.customer.kind !== 'medical' || !order.customer.id || sale.patientLicenseNumber) return sale;
    const numbers = await stateLicenseNumbers(
      this.db,
      report.organization_id,
      { patientId: order.customer.id, ...(order.customer.caregiverId ? { caregiverId: order.customer.caregiverId } : {}) },
      customerSecrets(this.platform.config),
    );
    return withLicenseNumbers(sale, numbers);
  }

  private async send(report: Claimed, store: StoreRow, { engine, metrc }: StoreEngine): Promise<{ externalId: string | null; alreadyReported: boolean }> {
    const payload = report.payload as Record<string, unknown>;
    switch (report.kind) {
      case 'sale': {
        const sale = await this.stateSale(report, payload as unknown as CompletedOrderPayload, store);
        const result = await reportSaleOnce(engine, sale, { lookupFirst: report.needs_lookup });
        return { externalId: result.externalId, alreadyReported: result.alreadyReported };
      }
      case 'void': {
        if (await this.filedAsDelivery(report)) throw new EngineUnavailable(DELIVERY_FILED_BY_HAND);
        const sale = await this.saleReport(report);
        if (sale && (sale.status === 'queued' || sale.status === 'sending')) throw new Deferred('Waiting for the sale report to reach the state first.', sale.id);
        if (!sale && (await this.saleStillToCome(report, store))) throw new Deferred(SALE_NOT_FILED_YET, null);
        const found = await engine.findSaleByExternalNumber(report.order_id!);
        if (found === null) {
          if (sale?.status === 'failed') throw new Deferred('The sale report failed; the void waits until it is resent or resolved.', sale.id);
          throw new EngineUnavailable(`The state holds no sale with external number ${report.order_id}; nothing to void.`);
        }
        if (!found.voided) await engine.voidSale(found.externalId);
        return { externalId: found.externalId, alreadyReported: !!found.voided };
      }
      case 'return': {
        if (await this.filedAsDelivery(report)) throw new EngineUnavailable(DELIVERY_FILED_BY_HAND);
        const sale = await this.saleReport(report);
        if (!sale) {
          if (await this.saleStillToCome(report, store)) throw new Deferred(SALE_NOT_FILED_YET, null);
          throw new EngineUnavailable(SALE_NEVER_FILED);
        }
        if (sale.status === 'queued' || sale.status === 'sending' || sale.status === 'failed') {
          throw new Deferred(sale.status === 'failed' ? 'The sale report failed; the return waits until it is resent or resolved.' : 'Waiting for the sale report to reach the state first.', sale.id);
        }
        if (!metrc) throw new EngineUnavailable(`Returns are not filed automatically to ${engine.name}; record the return in the state system and mark this report resolved.`);
        // Each rewrite sets the whole receipt, so an older rewrite landing after a newer one would
        // put goods the customer brought back on the receipt again: a return waits for the
        // returns of its order that reached us before it (which it may also carry).
        const earlier = await this.earlierReturnUnfiled(report);
        if (earlier) {
          throw new Deferred(earlier.status === 'failed' ? 'An earlier return of this order failed; this one waits until it is resent or resolved.' : 'Waiting for an earlier return of this order to reach the state first.', earlier.id);
        }
        const original = await this.stateSale(report, sale.payload as CompletedOrderPayload, store);
        const returns = await this.returnsOf(report);
        const remaining = remainingAfterReturns(original, returns);
        const found = await engine.findSaleByExternalNumber(original.externalReceiptNumber);
        if (found === null) throw new EngineUnavailable(`The state holds no sale with external number ${original.externalReceiptNumber}; the return cannot be applied.`);
        if (found.voided) return { externalId: found.externalId, alreadyReported: true };
        if (remaining === null) {
          await engine.voidSale(found.externalId);
          return { externalId: found.externalId, alreadyReported: false };
        }
        // The receipt is rewritten to what the customer kept: the state restocks the rest. A PUT
        // sets the whole receipt, so sending it again after a lost answer changes nothing.
        const id = Number(found.externalId);
        const receipt = await metrc.getReceipt(engine.licenseNumber, id);
        if (receipt.IsFinal) await metrc.unfinalizeReceipts(engine.licenseNumber, [id]);
        await metrc.updateReceipts(engine.licenseNumber, [{ ...toMetrcReceipt(remaining as TraceSale), Id: id }]);
        return { externalId: found.externalId, alreadyReported: false };
      }
      case 'adjustment': {
        // The state gives an adjustment no number we could find it by. `needs_lookup` on a try
        // after the first means an earlier try got no clear answer (or its process died while
        // sending); a resend starts again at the first try, so a person's word posts it.
        if (report.needs_lookup && report.attempts > 1) {
          throw new OutcomeUnknown(
            `${engine.name === 'metrc' ? 'Metrc' : 'BioTrack'} may have recorded this adjustment although no answer came back, and it cannot be looked up: ` +
              `check package ${String(payload.packageLabel)}'s adjustments in the state system, then mark this report resolved if it is there, or resend it if not.`,
          );
        }
        await engine.reportAdjustment({
          packageLabel: String(payload.packageLabel),
          quantity: Number(payload.quantity),
          unitOfMeasure: String(payload.unitOfMeasure),
          reason: String(payload.reason),
          // Reports queued before the alternatives were kept have none.
          alternativeReasons: Array.isArray(payload.alternativeReasons) ? payload.alternativeReasons.map(String) : [],
          note: payload.note ? String(payload.note) : undefined,
          adjustedAt: report.occurred_at,
          timezone: store.timezone,
        });
        return { externalId: null, alreadyReported: false };
      }
      case 'delivery': {
        if (!metrc) throw new EngineUnavailable('Sales deliveries are filed with Metrc only.');
        const departed = payload as unknown as DeliveryDepartedPayload;
        const sale = await this.stateSale(report, { ...departed, completedAt: departed.departedAt }, store);
        // Whom and where to, from the order (the event leaves them out); an event from before
        // that carried them is used only if the order is gone.
        const recipient = (await ordersPort.deliverTo(this.db, report.organization_id, report.order_id!)) ?? {
          name: departed.deliverTo?.name ?? null,
          address: departed.deliverTo?.address ?? null,
        };
        const driver = await driverForDelivery(this.db, this.platform.config, report.organization_id, departed.driver.id);
        remember(report, driver?.driversLicenseNumber);
        const delivery = toSalesDelivery({
          payload: departed,
          recipient,
          sale,
          reference: report.id,
          storeName: store.name,
          driver,
          phoneNumberForQuestions: store.delivery_phone,
        });
        // A lookup (after an unclear try) reads Metrc's lists from a little before the departure.
        const since = new Date(new Date(report.occurred_at).getTime() - 15 * 60_000);
        const filed = await fileSalesDeliveryOnce(metrc, engine.licenseNumber, delivery, { lookupFirst: report.needs_lookup, since });
        return { externalId: String(filed.id), alreadyReported: filed.alreadyReported };
      }
      case 'delivery_complete': {
        const ended = payload as unknown as DeliveryEndedPayload;
        const filed = await this.db
          .selectFrom('trace_report')
          .select(['id', 'status', 'payload', 'external_id'])
          .where('dedupe_key', '=', `delivery:${report.order_id}:${ended.runId}`)
          .where('store_id', '=', report.store_id)
          .executeTakeFirst();
        if (!filed) throw new EngineUnavailable('No sales delivery was filed for this order on this trip; there is nothing to complete.');
        if (filed.status === 'queued' || filed.status === 'sending') throw new Deferred('Waiting for the sales delivery to reach Metrc first.', filed.id);
        if (filed.status === 'failed') throw new Deferred('The sales delivery failed; completing it waits until it is resent or resolved.', filed.id);
        if (!filed.external_id) {
          throw new EngineUnavailable('The sales delivery was filed by hand (resolved without a Metrc id): complete it in Metrc by hand too, and mark this report resolved.');
        }
        if (!metrc) throw new EngineUnavailable('Sales deliveries are completed with Metrc only.');
        const delivered = ended.outcome === 'delivered';
        const completion = toCompletion({
          deliveryId: Number(filed.external_id),
          departed: filed.payload as DeliveryDepartedPayload,
          ended,
          timezone: store.timezone,
          paymentType: delivered ? metrcPaymentType(await paymentsForOrder(this.db, report.order_id!)) : null,
          returnReason: delivered ? null : await this.notDeliveredReason(report.store_id, metrc, engine.licenseNumber, store.jurisdiction),
        });
        const result = await completeSalesDeliveryOnce(metrc, engine.licenseNumber, completion);
        return { externalId: filed.external_id, alreadyReported: result.alreadyReported };
      }
    }
  }

  /**
   * True when the order went to Metrc as a sales delivery still out or handed over (so it has no
   * receipt to void or rewrite); the intake's rule (filedAsSalesDelivery), so both agree.
   */
  private async filedAsDelivery(report: Claimed): Promise<boolean> {
    if (!report.order_id) return false;
    return filedAsSalesDelivery(this.db, report.order_id, report.store_id);
  }

  /**
   * The state's return reason for goods that were not delivered (NOT_DELIVERED_RETURN_REASONS),
   * from Metrc's own list, read once per store every few minutes.
   */
  private async notDeliveredReason(storeId: string, metrc: MetrcClient, license: string, jurisdiction: string): Promise<string> {
    let cached = this.returnReasons.get(storeId);
    if (!cached || Date.now() - cached.at > RETURN_REASONS_TTL_MS) {
      cached = { at: Date.now(), reasons: await metrc.getDeliveryReturnReasons(license) };
      this.returnReasons.set(storeId, cached);
    }
    const reason = pickReturnReason(cached.reasons, NOT_DELIVERED_RETURN_REASONS);
    if (!reason) {
      throw new DeliveryNotReady(
        `Metrc in ${jurisdiction} offers none of the return reasons Verdant uses for goods not delivered (${NOT_DELIVERED_RETURN_REASONS.join(', ')}); ` +
          `it offers: ${cached.reasons.map((r) => r.Name).join(', ') || 'none'}. Complete the delivery in Metrc by hand and mark this report resolved.`,
      );
    }
    return reason.Name;
  }

  /**
   * Whether the sale of a void or return with no sale report yet will still be filed: it was
   * completed while the store reported to the state, so its report is on its way (the event's
   * delivery to state reporting retried, or in dead letters until a person retries it). Its
   * arrival wakes this one (enqueueReport). A sale completed before the store reported never
   * will be.
   */
  private async saleStillToCome(report: Claimed, store: StoreRow): Promise<boolean> {
    if (!report.order_id || !store.reporting_since) return false;
    const completedAt = await ordersPort.completedAt(this.db, report.organization_id, report.order_id);
    return completedAt !== null && completedAt.getTime() >= new Date(store.reporting_since).getTime();
  }

  private saleReport(report: Claimed) {
    return this.db
      .selectFrom('trace_report')
      .select(['id', 'status', 'payload', 'external_id'])
      .where('dedupe_key', '=', `sale:${report.order_id}`)
      .where('store_id', '=', report.store_id)
      .executeTakeFirst();
  }

  /**
   * Every return of the report's order known so far, whenever it happened: the receipt is
   * rewritten to what the customer kept after all of them, so a return whose event reached us
   * after a later return's never files a receipt that forgets the later one.
   */
  private async returnsOf(report: Claimed): Promise<ReturnPayload[]> {
    const rows = await this.db
      .selectFrom('trace_report')
      .select(['id', 'payload', 'occurred_at'])
      .where('kind', '=', 'return')
      .where('order_id', '=', report.order_id)
      .where('store_id', '=', report.store_id)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.payload as ReturnPayload);
  }

  /** A return of the same order queued before this one (ids grow with time) and not filed yet. */
  private earlierReturnUnfiled(report: Claimed) {
    return this.db
      .selectFrom('trace_report')
      .select(['id', 'status'])
      .where('kind', '=', 'return')
      .where('order_id', '=', report.order_id)
      .where('store_id', '=', report.store_id)
      .where('id', '<', report.id)
      .where('status', 'in', ['queued', 'sending', 'failed'])
      .orderBy('id')
      .executeTakeFirst();
  }

  /**
   * Records a pass's successes together: one transaction per organization, one UPDATE for all
   * rows and their `traceability.report.sent` events, so a drain after an outage is not paced by
   * commits.
   */
  private async recordSent(outcomes: SentOutcome[]): Promise<void> {
    const byOrg = new Map<string, SentOutcome[]>();
    for (const o of outcomes) byOrg.set(o.report.organization_id, [...(byOrg.get(o.report.organization_id) ?? []), o]);
    for (const [organizationId, list] of byOrg) {
      await inTransaction(this.platform.tx, systemContext(organizationId), async (uow) => {
        const updated = await sql<{ id: string }>`
          update trace_report r
          set status = 'sent', external_id = v.external_id, already_reported = v.already_reported, sent_at = clock_timestamp(),
              locked_until = null, last_error = null, last_error_kind = null, needs_lookup = false, updated_at = clock_timestamp()
          from unnest(${list.map((o) => o.report.id)}::uuid[], ${list.map((o) => o.externalId)}::text[], ${list.map((o) => o.alreadyReported)}::boolean[],
                      ${list.map((o) => o.report.attempts)}::int[], ${list.map((o) => o.report.claim_seq)}::bigint[])
            as v(id, external_id, already_reported, attempts, claim_seq)
          where r.id = v.id and r.status = 'sending' and r.claim_seq = v.claim_seq and r.attempts = v.attempts
          returning r.id`.execute(uow.trx);
        // A row someone resolved or re-queued meanwhile keeps their word.
        const done = new Set(updated.rows.map((r) => r.id));
        const recorded = list.filter((o) => done.has(o.report.id));
        this.counters.sent += recorded.length;
        if (recorded.length === 0) return;
        await uow.trx
          .updateTable('trace_store_config')
          .set({ consecutive_failures: 0, paused_until: null, last_error: null, last_success_at: new Date() })
          .where('store_id', 'in', [...new Set(recorded.map((o) => o.report.store_id))])
          .execute();
        await uow.emitMany(
          recorded.map(({ report, externalId, alreadyReported, latencyMs }) => ({
            type: REPORT_SENT,
            aggregateType: 'trace_report',
            aggregateId: report.id,
            storeId: report.store_id,
            payload: {
              reportId: report.id, kind: report.kind, orderId: report.order_id, externalId, alreadyReported,
              attempts: report.attempts, occurredAt: new Date(report.occurred_at).toISOString(), latencyMs,
            },
          })),
        );
      });
    }
  }

  private async recordFailure(report: Claimed, failure: AttemptFailure): Promise<boolean> {
    // A 429 says nothing about the report: the whole facility pauses for the Retry-After and the
    // report waits without spending a try, as the store's reports do while its circuit is open.
    // (A long rate limit shows as the queue's age and the store's last error, not as failures.)
    const rateLimited = failure.kind === 'rate_limited';
    const give_up = !rateLimited && (failure.final === true || report.attempts >= this.options.maxAttempts);
    // No answer at all (timeout, cut connection): the POST may still be inside the state's server.
    const unsettled = failure.outcomeUnknown && (failure.kind === 'timeout' || failure.kind === 'network');
    const wait = Math.max(traceBackoffMs(report.attempts, this.options), failure.retryAfterMs ?? 0, unsettled ? this.options.settleMs : 0);
    let opened = false;
    this.counters.failedAttempts += 1;
    if (give_up) this.counters.gaveUp += 1;
    this.logger.warn({ reportId: report.id, kind: report.kind, attempt: report.attempts, reason: failure.kind, message: failure.message }, 'state report attempt failed');
    await inTransaction(this.platform.tx, systemContext(report.organization_id), async (uow) => {
      const updated = await uow.trx
        .updateTable('trace_report')
        .set((eb) => ({
          status: give_up ? 'failed' : 'queued',
          attempts: rateLimited ? eb('attempts', '-', 1) : eb.ref('attempts'),
          failed_at: give_up ? new Date() : null,
          next_attempt_at: new Date(Date.now() + wait),
          locked_until: null,
          needs_lookup: failure.outcomeUnknown ? true : eb.ref('needs_lookup'),
          last_error: failure.message,
          last_error_kind: failure.kind,
          updated_at: new Date(),
        }))
        .where('id', '=', report.id)
        .where('status', '=', 'sending')
        .where((eb) => underClaim(eb, report))
        .returning('id')
        .executeTakeFirst();
      if (!updated) return;
      if (failure.kind === 'rate_limited') {
        // Retry-After applies to the whole facility, not just this report.
        await uow.trx
          .updateTable('trace_store_config')
          .set({ paused_until: new Date(Date.now() + (failure.retryAfterMs ?? this.options.baseBackoffMs)), last_error: failure.message })
          .where('store_id', '=', report.store_id)
          .execute();
        opened = true;
      } else if (ANSWERED.has(failure.kind)) {
        // The state answered (it refused this report): it is up, whatever this report's problem.
        await uow.trx
          .updateTable('trace_store_config')
          .set({ consecutive_failures: 0, paused_until: null })
          .where('store_id', '=', report.store_id)
          .where((eb) => eb.or([eb('consecutive_failures', '>', 0), eb('paused_until', 'is not', null)]))
          .execute();
      } else if (failure.transport) {
        const row = await uow.trx
          .updateTable('trace_store_config')
          .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1), last_error: failure.message }))
          .where('store_id', '=', report.store_id)
          .returning('consecutive_failures')
          .executeTakeFirst();
        if (row && row.consecutive_failures >= this.options.circuitFailures) {
          // Probes stay cheap (one call), so a recovered state is noticed within seconds.
          const pause = Math.min(CIRCUIT_MAX_PAUSE_MS, traceBackoffMs(row.consecutive_failures - this.options.circuitFailures + 1, this.options));
          await uow.trx.updateTable('trace_store_config').set({ paused_until: new Date(Date.now() + pause) }).where('store_id', '=', report.store_id).execute();
          opened = true;
        }
      }
      if (give_up) {
        await uow.emit({
          type: REPORT_FAILED,
          aggregateType: 'trace_report',
          aggregateId: report.id,
          storeId: report.store_id,
          payload: { reportId: report.id, kind: report.kind, orderId: report.order_id, attempts: report.attempts, reasonKind: failure.kind, reason: failure.message, occurredAt: new Date(report.occurred_at).toISOString() },
        });
      }
    });
    return opened;
  }
}
