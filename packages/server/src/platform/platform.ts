import type { Database } from '../db/database';
import { openDatabase } from '../db/database';
import { migrate } from '../db/migrate';
import { defaultDispatcherOptions, type DispatcherOptions } from '../modules/events/delivery-dispatcher';
import { DeliveryWorker } from '../modules/events/delivery-worker';
import { EventFeed } from '../modules/events/event-feed';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics';
import { PUBLISHED_CHANNEL, Sequencer } from './sequencer';
import type { CommittedEvent, TransactionRunner } from './unit-of-work';

/** Everything a running Verdant process shares: database, workers, logger, metrics. */
export interface Platform {
  config: Config;
  database: Database;
  logger: Logger;
  metrics: Metrics;
  sequencer: Sequencer;
  feed: EventFeed;
  deliveries: DeliveryWorker;
  tx: TransactionRunner;
  /**
   * Calls `listener` with the events each transaction of this process wrote, as soon as it has
   * committed (before they are published): this process's caches drop what a change it just made
   * replaces, so its very next request reads the change (other processes learn of it from the
   * published event). Returns a function that stops the calls.
   */
  onLocalCommit(listener: (events: readonly CommittedEvent[]) => void): () => void;
  state: { ready: boolean };
  /** Stops a module's background worker before the platform's own workers and the database. */
  onClose(stop: () => Promise<void>): void;
  close(): Promise<void>;
}

export interface PlatformOptions {
  logger?: Logger;
  database?: Database;
  dispatcher?: Partial<DispatcherOptions>;
  /** Start the background workers (sequencer, deliveries); tests may drive them by hand. */
  workers?: boolean;
}

export async function createPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const database =
    options.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DB_POOL_MAX }));
  const result = await migrate(database);
  if (result.applied.length > 0) logger.info({ applied: result.applied }, 'database migrated');

  const deliveries = new DeliveryWorker(
    database.db,
    { ...defaultDispatcherOptions, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, ...options.dispatcher },
    logger,
    config.OUTBOX_POLL_MS,
  );
  const sequencer = new Sequencer(database, () => deliveries.list(), logger, config.OUTBOX_POLL_MS);
  const feed = new EventFeed(database.db, (error) => logger.error({ err: error }, 'event feed read failed; next wake-up retries'));
  await feed.start();
  // A notification is only a hint to look: the feed reads from its own published_seq cursor and the
  // deliveries from their table, so after a reconnect (notifications sent meanwhile are lost) one
  // more look catches up on everything published while this process was not listening.
  const look = () => {
    void feed.wake();
    void deliveries.wake();
  };
  let lostAt = 0;
  const unlisten = await database.listen(PUBLISHED_CHANNEL, look, {
    onDisconnect(error) {
      lostAt = Date.now();
      logger.warn({ err: error }, 'lost the database connection that receives published events; reconnecting (event streams and cache invalidation wait meanwhile)');
    },
    onReconnect() {
      logger.info({ downMs: Date.now() - lostAt }, 'listening for published events again; catching up on what was published meanwhile');
      look();
    },
  });

  const moduleStops: Array<() => Promise<void>> = [];
  const localCommitListeners = new Set<(events: readonly CommittedEvent[]) => void>();
  const platform: Platform = {
    config,
    database,
    logger,
    metrics: new Metrics(database),
    sequencer,
    feed,
    deliveries,
    tx: {
      database,
      onCommit({ emitted }) {
        sequencer.wake();
        for (const listener of emitted.length > 0 ? localCommitListeners : []) {
          try {
            listener(emitted);
          } catch (error) {
            // A listener must never turn a committed change into an error for its caller.
            logger.error({ err: error }, 'a listener of local commits failed');
          }
        }
      },
    },
    onLocalCommit(listener) {
      localCommitListeners.add(listener);
      return () => localCommitListeners.delete(listener);
    },
    state: { ready: false },
    onClose(stop) {
      moduleStops.push(stop);
    },
    async close() {
      platform.state.ready = false;
      for (const stop of moduleStops.splice(0).reverse()) await stop().catch((error) => logger.error({ err: error }, 'module worker stop failed'));
      await unlisten();
      await sequencer.stop();
      await deliveries.stop();
      await feed.stop();
      await database.close();
    },
  };
  if (options.workers !== false) {
    sequencer.start();
    deliveries.start();
  }
  return platform;
}
