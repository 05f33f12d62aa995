import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sql } from 'kysely';
import type { Database } from '../db/database';

/** Prometheus metrics for one server process, served at /metrics. */
export class Metrics {
  readonly registry = new Registry();
  private readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly requests: Counter<'method' | 'route' | 'status_code'>;

  constructor(database: Database) {
    collectDefaultMetrics({ register: this.registry, prefix: 'verdant_process_' });
    this.requestDuration = new Histogram({
      name: 'verdant_http_request_duration_seconds',
      help: 'HTTP request latency by route.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.requests = new Counter({
      name: 'verdant_http_requests_total',
      help: 'HTTP requests by route and status.',
      labelNames: ['method', 'route', 'status_code'],
      registers: [this.registry],
    });
    const pool = database.pool;
    new Gauge({
      name: 'verdant_db_pool_connections',
      help: 'Database pool connections by state.',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
        this.set({ state: 'max' }, pool.options.max ?? 0);
      },
    });
    new Gauge({
      name: 'verdant_db_listener_connected',
      help: 'Whether the connection that receives published events (LISTEN) is up: 0 while it is lost and being re-established.',
      registers: [this.registry],
      collect() {
        this.set(database.listenerStatus().connected ? 1 : 0);
      },
    });
    new Counter({
      name: 'verdant_db_listener_reconnects_total',
      help: 'Times the LISTEN connection was lost and re-established.',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(database.listenerStatus().reconnects);
      },
    });
    new Gauge({
      name: 'verdant_outbox_lag_seconds',
      help: 'Age of the oldest event not yet published, and of the oldest delivery still due.',
      labelNames: ['stage'],
      registers: [this.registry],
      async collect() {
        const { rows } = await sql<{ unpublished: number | null; undelivered: number | null }>`
          select
            (select extract(epoch from clock_timestamp() - min(created_at))::float8 from outbox_event where published_seq is null) as unpublished,
            (select extract(epoch from clock_timestamp() - min(created_at))::float8 from outbox_delivery where status in ('pending', 'processing')) as undelivered
        `.execute(database.db);
        this.set({ stage: 'publish' }, rows[0]?.unpublished ?? 0);
        this.set({ stage: 'deliver' }, rows[0]?.undelivered ?? 0);
      },
    });
    new Gauge({
      name: 'verdant_outbox_dead_letters',
      help: 'Deliveries that gave up after their last try.',
      registers: [this.registry],
      async collect() {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox_delivery where status = 'dead'`.execute(database.db);
        this.set(rows[0]?.n ?? 0);
      },
    });
  }

  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    const labels = { method, route, status_code: String(statusCode) };
    this.requestDuration.observe(labels, seconds);
    this.requests.inc(labels);
  }
}
