import type { Platform } from '../../platform/platform';
import { registerAlertCheck } from '../alerts';
import { reportsWaitingCheck } from './traceability.alerts';
import { EngineRegistry } from './traceability.engines';
import { traceSubscriber } from './traceability.intake';
import { AllotmentCache, reconcileStore } from './traceability.reconcile';
import { ReportWorker, type ReportWorkerOptions } from './traceability.worker';

export interface Traceability {
  worker: ReportWorker;
  engines: EngineRegistry;
  allotments: AllotmentCache;
  /** Runs the scheduled reconciliation of every configured store once (the timer calls this). */
  reconcileAll(): Promise<void>;
}

const modules = new WeakMap<Platform, Traceability>();

/** This process's traceability worker, engines and caches (routes and tests use it). */
export function traceabilityOf(platform: Platform): Traceability {
  const t = modules.get(platform);
  if (!t) throw new Error('registerTraceability(platform) was not called');
  return t;
}

export function traceWorkerOptions(platform: Platform): ReportWorkerOptions {
  const c = platform.config;
  return {
    maxAttempts: c.TRACE_MAX_ATTEMPTS,
    baseBackoffMs: c.TRACE_BACKOFF_BASE_MS,
    maxBackoffMs: c.TRACE_BACKOFF_MAX_MS,
    // A lease must outlast one whole attempt, or a second process takes the report over while the
    // first is still posting it: a sale is up to 5 calls (lookup and its retry, POST, lookup and
    // its retry, each up to the timeout, plus the client's 2 s retry waits); a return up to 6.
    leaseMs: Math.max(30_000, c.TRACE_TIMEOUT_MS * 8 + 10_000),
    batchSize: Math.max(50, c.TRACE_CONCURRENCY * 4),
    concurrency: c.TRACE_CONCURRENCY,
    circuitFailures: c.TRACE_CIRCUIT_FAILURES,
    pollMs: c.TRACE_POLL_MS,
    settleMs: c.TRACE_TIMEOUT_MS * 2,
  };
}

/**
 * Subscribes the report intake to the outbox and runs the report worker and the scheduled
 * reconciliation with the platform. Call right after createPlatform, before the sequencer's first
 * pass, so no sale is published without its report.
 */
export function registerTraceability(platform: Platform, options: { start?: boolean } = {}): Traceability {
  registerAlertCheck('traceability.reports', reportsWaitingCheck);
  const engines = new EngineRegistry(platform.config);
  const worker = new ReportWorker(platform, engines, traceWorkerOptions(platform));
  const logger = platform.logger.child({ module: 'traceability' });
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const t: Traceability = {
    worker,
    engines,
    allotments: new AllotmentCache(),
    async reconcileAll() {
      const minutes = platform.config.TRACE_RECONCILE_MINUTES;
      const due = await platform.database.db
        .selectFrom('trace_store_config')
        .select(['store_id', 'organization_id'])
        .where('engine', '<>', 'none')
        .where('credentials_encrypted', 'is not', null)
        .where((eb) => eb.or([eb('last_reconciled_at', 'is', null), eb('last_reconciled_at', '<', new Date(Date.now() - minutes * 60_000))]))
        .execute();
      for (const s of due) {
        await reconcileStore(platform, engines, s.organization_id, s.store_id, 'schedule').catch((error) =>
          logger.warn({ storeId: s.store_id, message: error instanceof Error ? error.message : String(error) }, 'scheduled reconciliation failed'),
        );
      }
    },
  };
  modules.set(platform, t);
  platform.deliveries.register(traceSubscriber(platform.database.db, () => void worker.wake()));
  if (options.start !== false) {
    worker.start();
    const minutes = platform.config.TRACE_RECONCILE_MINUTES;
    if (minutes > 0) {
      const tick = () => {
        if (closed) return;
        timer = setTimeout(() => void t.reconcileAll().finally(tick), Math.min(minutes * 60_000, 5 * 60_000));
        timer.unref();
      };
      tick();
    }
  }
  platform.onClose(async () => {
    closed = true;
    if (timer) clearTimeout(timer);
    await worker.stop();
  });
  return t;
}
