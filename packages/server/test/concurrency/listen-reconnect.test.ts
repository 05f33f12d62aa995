// The dedicated LISTEN connection of a server process is cut by PostgreSQL (pg_terminate_backend,
// as a restart, a failover or a proxy's idle timeout would). The process must notice, connect
// again, LISTEN again and catch up on what was published while it was deaf: otherwise its event
// streams go quiet and its caches live on their TTL alone, with nothing telling the operator.
import { createServer, connect, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database';
import { ListenerConnection } from '../../src/db/listener-connection';
import { adminUrl } from '../support/global-setup';
import { SseClient } from '../support/sse-client';
import { startTestServer, type TestServer } from '../support/test-server';

// How long a delivery may take: a reconnect waits out a backoff of up to 5 s (maxBackoffMs) once
// connections are allowed again, and a loaded CI machine adds to it. The waits return as soon as
// the event is there, so a generous bound costs nothing when all is well.
const DELIVERY_MS = 20_000;
// close() must not wait out a hanging connect (connectionTimeoutMillis: 10 s): well under it, with
// room for a loaded machine.
const CLOSE_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(check: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * A TCP relay to PostgreSQL whose existing connections can be frozen: bytes stop flowing both ways
 * but neither side sees an error or a close, as with a dropped route or a dead NAT entry.
 */
async function freezableRelay(target: URL) {
  const pairs: Array<[Socket, Socket]> = [];
  const frozen: Socket[] = [];
  const relay = createServer((downstream) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    downstream.pipe(upstream).pipe(downstream);
    downstream.on('error', () => undefined);
    upstream.on('error', () => undefined);
    pairs.push([downstream, upstream]);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url(database: string) {
      const url = new URL(target.toString());
      url.hostname = '127.0.0.1';
      url.port = String(port);
      url.pathname = `/${database}`;
      return url.toString();
    },
    freeze() {
      for (const [downstream, upstream] of pairs.splice(0)) {
        downstream.unpipe(upstream);
        upstream.unpipe(downstream);
        downstream.pause();
        upstream.pause();
        frozen.push(downstream, upstream);
      }
    },
    async close() {
      for (const socket of [...frozen, ...pairs.flat()]) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    },
  };
}

describe('the LISTEN connection comes back after PostgreSQL drops it', () => {
  let server: TestServer;
  let owner: string;
  let baseUrl: string;
  let admin: pg.Client;
  let databaseName: string;
  const streams: SseClient[] = [];

  /** Backends of this test's database that LISTEN (by application_name, or by the last statement they ran). */
  const listenerPids = async (): Promise<number[]> => {
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity
        where datname = $1 and pid <> pg_backend_pid() and (application_name = 'verdant-listener' or query ilike 'LISTEN %')`,
      [databaseName],
    );
    return rows.map((row) => row.pid);
  };
  const terminate = async (pids: number[]) => {
    for (const pid of pids) await admin.query('select pg_terminate_backend($1)', [pid]);
  };
  const allowConnections = (allow: boolean) => admin.query(`alter database "${databaseName}" allow_connections ${allow}`);
  const probe = async (note: string) => {
    const response = await server.request({ method: 'POST', url: '/v1/diagnostics/probe', cookie: owner, body: { note } });
    expect(response.statusCode, response.body).toBe(201);
  };
  const probeStream = async () => {
    const stream = new SseClient(`${baseUrl}/v1/events/stream?types=platform.probe.*`, { cookie: owner });
    streams.push(stream);
    await stream.ready;
    await sleep(100);
    return stream;
  };
  const notes = (stream: SseClient) => stream.messages.map((m) => JSON.parse(m.data).payload.note as string);
  const metric = async (name: string): Promise<number | null> => {
    const text = (await server.request({ method: 'GET', url: '/metrics' })).body;
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.slice(name.length + 1)) : null;
  };

  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    databaseName = new URL(server.testDb.url as string).pathname.slice(1);
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    if (admin) {
      await allowConnections(true).catch(() => undefined);
      await admin.end();
    }
    await server?.close();
  });

  it('delivers an event published after the listener connection was terminated', async () => {
    const stream = await probeStream();
    const before = await listenerPids();
    expect(before).toHaveLength(1);

    await terminate(before);
    // Give the process the time a reconnect takes (it is not required to have happened: the event must arrive either way).
    await waitUntil(async () => (await listenerPids()).some((pid) => !before.includes(pid)), 3_000, 'a new listener connection').catch(() => undefined);
    await probe('after the cut');

    await stream.waitFor((messages) => messages.length >= 1, DELIVERY_MS);
    expect(notes(stream)).toEqual(['after the cut']);
    const after = await listenerPids();
    expect(after).toHaveLength(1);
    expect(before).not.toContain(after[0]);
  });

  it('delivers, once connected again, an event published while the listener could not connect', async () => {
    const stream = await probeStream();
    // The pool keeps the connections it has: requests go on while new connections are refused.
    const held = await Promise.all([1, 2, 3, 4, 5].map(() => server.platform.database.pool.connect()));
    for (const client of held) client.release();

    let published: number | null = null;
    let seenWhileDeaf: string[] = [];
    let connectedWhileDeaf: number | null = null;
    let readyWhileDeaf = 0;
    await allowConnections(false);
    try {
      await terminate(await listenerPids());
      await sleep(300);
      await probe('while deaf');
      // The sequencer publishes it (a local wake-up after the commit); the NOTIFY it sends reaches nobody here.
      await waitUntil(
        async () => {
          const row = await server.platform.database.db
            .selectFrom('outbox_event')
            .select('published_seq')
            .where('type', '=', 'platform.probe.recorded')
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow();
          published = row.published_seq;
          return published !== null;
        },
        DELIVERY_MS,
        'the sequencer to publish the probe',
      );
      await sleep(300);
      seenWhileDeaf = notes(stream);
      connectedWhileDeaf = await metric('verdant_db_listener_connected');
      readyWhileDeaf = (await server.request({ method: 'GET', url: '/readyz' })).statusCode;
    } finally {
      await allowConnections(true);
    }

    await stream.waitFor((messages) => messages.length >= 1, DELIVERY_MS);
    expect(notes(stream)).toEqual(['while deaf']);
    expect(seenWhileDeaf).toEqual([]);
    expect(server.platform.feed.position).toBe(published);

    // And live delivery works again on the new connection.
    await probe('live again');
    await stream.waitFor((messages) => messages.length >= 2, DELIVERY_MS);
    expect(notes(stream)).toEqual(['while deaf', 'live again']);

    // The operator saw it: the gauge dropped to 0 while deaf and is back to 1; readiness is not tied to it (docs/operations.md).
    expect(connectedWhileDeaf).toBe(0);
    expect(readyWhileDeaf).toBe(200);
    expect(await metric('verdant_db_listener_connected')).toBe(1);
    expect(await metric('verdant_db_listener_reconnects_total')).toBeGreaterThanOrEqual(2);
  });

  it('stops trying to reconnect once the database is closed', async () => {
    const database = await openDatabase({ url: server.testDb.url as string, poolMax: 1 });
    let closed = false;
    try {
      await database.listen('verdant_close_probe', () => undefined);
      await waitUntil(async () => (await listenerPids()).length === 2, 3_000, 'the second listener');
      await allowConnections(false);
      await terminate(await listenerPids());
      await sleep(300);
      const started = Date.now();
      await database.close();
      closed = true;
      expect(Date.now() - started).toBeLessThan(CLOSE_MS);
      await allowConnections(true);
      // The server's own listener comes back; the closed database's must not.
      await waitUntil(async () => (await listenerPids()).length >= 1, 6_000, 'the server listener');
      await sleep(6_000);
      const { rows } = await admin.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = 'verdant-listener'`, [databaseName]);
      expect(rows[0].n).toBe(1);
    } finally {
      await allowConnections(true);
      if (!closed) await database.close();
    }
  });
  it('notices through its heartbeat a connection that stops answering without closing, and comes back', async () => {
    const relay = await freezableRelay(new URL(adminUrl));
    const listener = new ListenerConnection({ url: relay.url(databaseName), heartbeatMs: 200, heartbeatTimeoutMs: 300 });
    const received: string[] = [];
    const disconnects: string[] = [];
    let reconnects = 0;
    try {
      await listener.listen('verdant_heartbeat_probe', (payload) => received.push(payload), {
        onDisconnect: (error) => disconnects.push(error.message),
        onReconnect: () => (reconnects += 1),
      });
      await server.platform.database.notify('verdant_heartbeat_probe', 'before');
      await waitUntil(() => received.length === 1, DELIVERY_MS, 'the first notification');

      relay.freeze();
      await server.platform.database.notify('verdant_heartbeat_probe', 'while frozen');
      await waitUntil(() => reconnects === 1, DELIVERY_MS, 'the reconnect');
      expect(disconnects).toHaveLength(1);
      expect(disconnects[0]).toMatch(/did not answer/);
      expect(listener.status()).toEqual({ connected: true, reconnects: 1 });

      await server.platform.database.notify('verdant_heartbeat_probe', 'after');
      await waitUntil(() => received.includes('after'), DELIVERY_MS, 'the notification after the reconnect');
      // What was notified while frozen is lost: onReconnect is how a subscriber catches up.
      expect(received).toEqual(['before', 'after']);
    } finally {
      await listener.close();
      await relay.close();
    }
  });
  it('close() ends a connect that hangs instead of waiting out its timeout', async () => {
    const accepted: Socket[] = [];
    const silent = createServer((socket) => void accepted.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const listener = new ListenerConnection({ url: `postgres://postgres@127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/test` });
    try {
      const subscribing = listener.listen('verdant_hang_probe', () => undefined);
      subscribing.catch(() => undefined);
      await sleep(200);
      const started = Date.now();
      await listener.close();
      await expect(subscribing).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(CLOSE_MS);
    } finally {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
