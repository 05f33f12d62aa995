import { LivePatterns } from '../../platform/live-patterns';
import type { Platform } from '../../platform/platform';
import { fanOutEvent } from './webhooks.service';
import { FANOUT_SUBSCRIBER, WebhookWorker, type WebhookWorkerOptions } from './webhooks.worker';

export { FANOUT_SUBSCRIBER };

const workers = new WeakMap<Platform, WebhookWorker>();
const fanOutPatterns = new WeakMap<Platform, LivePatterns>();

/** This process's webhook worker (for routes that want to wake it, and for tests). */
export function webhookWorkerOf(platform: Platform): WebhookWorker | undefined {
  return workers.get(platform);
}

/** After a subscription changed here: fan out by the new patterns from the next publish on. */
export async function refreshFanOutPatterns(platform: Platform): Promise<void> {
  await fanOutPatterns.get(platform)?.refresh();
}

export function webhookOptionsFrom(platform: Platform): WebhookWorkerOptions {
  const { config } = platform;
  return {
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    baseBackoffMs: config.WEBHOOK_BACKOFF_BASE_MS,
    maxBackoffMs: config.WEBHOOK_BACKOFF_MAX_MS,
    circuitFailures: config.WEBHOOK_CIRCUIT_FAILURES,
    circuitCooldownMs: config.WEBHOOK_CIRCUIT_COOLDOWN_MS,
    // A claim must outlive the slowest attempt it covers.
    leaseMs: Math.max(30_000, config.WEBHOOK_TIMEOUT_MS * 3),
    batchSize: 50,
    pollMs: config.WEBHOOK_POLL_MS,
  };
}

/**
 * Subscribes the fan-out to published events (one webhook_delivery row per matching
 * subscription) and runs the delivery worker with the platform. Call right after createPlatform,
 * before the sequencer's first pass, so no event is published without the fan-out.
 */
export function registerWebhookSubscribers(platform: Platform, options: { start?: boolean } = {}): WebhookWorker {
  const worker = new WebhookWorker(platform.database.db, webhookOptionsFrom(platform), platform.logger);
  workers.set(platform, worker);
  // Only the types some active subscription asks for get a fan-out delivery: with no webhooks,
  // webhooks cost the outbox nothing.
  const patterns = new LivePatterns(
    async () => {
      const rows = await platform.database.db.selectFrom('webhook_subscription').select('event_types').where('active', '=', true).execute();
      return rows.flatMap((row) => row.event_types);
    },
    platform.config.WEBHOOK_POLL_MS,
    platform.logger,
  );
  fanOutPatterns.set(platform, patterns);
  platform.deliveries.register({
    name: FANOUT_SUBSCRIBER,
    eventTypes: patterns.patterns,
    async handle(event) {
      if ((await fanOutEvent(platform.database.db, event)) > 0) void worker.wake();
    },
  });
  if (options.start !== false) {
    worker.start();
    patterns.start();
  }
  platform.onClose(async () => {
    await patterns.stop();
    await worker.stop();
  });
  return worker;
}
