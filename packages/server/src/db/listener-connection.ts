import { Socket } from 'node:net';
import pg from 'pg';

/** How the LISTEN connection shows up in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'verdant-listener';

export interface ListenOptions {
  /**
   * The connection was lost and is listening again. Notifications sent meanwhile are gone for
   * good, so catch up from the source (a table, a sequence number). Must not throw.
   */
  onReconnect?: () => void;
  /** The connection was lost; reconnecting has begun. Must not throw. */
  onDisconnect?: (error: Error) => void;
}

export interface ListenerStatus {
  /** False while the connection is lost and being re-established: notifications are being missed. */
  connected: boolean;
  /** Connections re-established since the process started. */
  reconnects: number;
}

export interface ListenerConnectionOptions {
  url: string;
  /** First wait before reconnecting; doubles with each failed attempt up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often an idle connection is checked with `select 1`; a half-open TCP connection shows no error by itself. */
  heartbeatMs?: number;
  /** A check not answered within this long counts as a lost connection. */
  heartbeatTimeoutMs?: number;
}

interface Subscription {
  channel: string;
  onMessage: (payload: string) => void;
  options: ListenOptions;
}

/** One connected client and the channels it LISTENs to. */
interface Session {
  client: pg.Client;
  /** Ours, so that close() can cut a connect that hangs (pg's end() would wait for the server). */
  socket: Socket;
  channels: Set<string>;
  gone: boolean;
}

/**
 * The one PostgreSQL connection a process LISTENs on, shared by every subscription.
 *
 * LISTEN belongs to a session, so a dropped connection (a restart, a failover, a terminated
 * backend, a proxy's idle timeout) silently ends every subscription on it. This connection
 * notices (the client's error or end, or a heartbeat that is not answered), connects again with
 * capped exponential backoff, LISTENs to every subscribed channel again and then tells each
 * subscription through onReconnect, since whatever was notified meanwhile was lost.
 */
export class ListenerConnection {
  private readonly subscriptions = new Set<Subscription>();
  private session: Session | null = null;
  /** Clients still connecting: close() ends them rather than waiting out a connect timeout. */
  private readonly connecting = new Set<Session>();
  private opening: Promise<Session> | null = null;
  private attempt: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private failedAttempts = 0;
  /** Set while the connection is lost and subscriptions wait for it to come back. */
  private lost = false;
  private reconnects = 0;
  private closed = false;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly heartbeatMs: number;
  private readonly heartbeatTimeoutMs: number;

  constructor(private readonly options: ListenerConnectionOptions) {
    this.minBackoffMs = options.minBackoffMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 10_000;
  }

  status(): ListenerStatus {
    return { connected: !this.lost, reconnects: this.reconnects };
  }

  /**
   * Subscribes to a channel. The first subscription opens the connection and fails if it cannot;
   * a subscription made while the connection is lost waits for the reconnect.
   */
  async listen(channel: string, onMessage: (payload: string) => void, options: ListenOptions = {}): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('The database is closed.');
    const subscription: Subscription = { channel: pgIdentifier(channel), onMessage, options };
    this.subscriptions.add(subscription);
    try {
      if (!this.lost) await this.listenOn(this.session ?? (await (this.opening ??= this.openFirst())), subscription.channel);
    } catch (error) {
      // Lost meanwhile: the reconnect LISTENs this channel too. Otherwise the caller learns it failed.
      if (!this.lost || this.closed) {
        this.subscriptions.delete(subscription);
        throw error;
      }
    }
    return () => this.unsubscribe(subscription);
  }

  /** Ends the connection and any reconnect attempt; no timer is left behind. */
  async close(): Promise<void> {
    this.closed = true;
    this.subscriptions.clear();
    this.clearTimers();
    const session = this.session;
    this.session = null;
    if (session) await this.end(session);
    for (const pending of this.connecting) pending.socket.destroy();
    await this.attempt;
    await this.opening?.catch(() => undefined);
  }

  private openFirst(): Promise<Session> {
    return this.open().finally(() => {
      this.opening = null;
    });
  }

  /** Connects and LISTENs to every subscribed channel, including those subscribed while connecting. */
  private async open(): Promise<Session> {
    const socket = new Socket();
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: LISTENER_APPLICATION_NAME,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      stream: () => socket,
    });
    const session: Session = { client, socket, channels: new Set(), gone: false };
    client.on('error', (error) => this.onLost(session, error));
    client.on('end', () => this.onLost(session, new Error('The listener connection ended.')));
    client.on('notification', (message) => {
      if (session.gone) return;
      for (const subscription of this.subscriptions) if (subscription.channel === message.channel) subscription.onMessage(message.payload ?? '');
    });
    this.connecting.add(session);
    try {
      await client.connect();
      for (;;) {
        const missing = [...new Set([...this.subscriptions].map((s) => s.channel))].filter((channel) => !session.channels.has(channel));
        if (missing.length === 0) break;
        for (const channel of missing) {
          session.channels.add(channel);
          await client.query(`LISTEN ${channel}`);
        }
      }
      if (session.gone) throw new Error('The listener connection was lost while connecting.');
      if (this.closed) throw new Error('The database is closed.');
      if (this.subscriptions.size === 0) throw new Error('Nobody listens any more.');
    } catch (error) {
      await this.end(session);
      throw error;
    } finally {
      this.connecting.delete(session);
    }
    if (this.session) {
      // Another open won (everyone unsubscribed and someone subscribed again during a reconnect attempt).
      await this.end(session);
      return this.session;
    }
    this.session = session;
    this.scheduleHeartbeat(session);
    return session;
  }

  private async listenOn(session: Session, channel: string): Promise<void> {
    if (session.channels.has(channel)) return;
    session.channels.add(channel);
    await session.client.query(`LISTEN ${channel}`);
  }

  private async unsubscribe(subscription: Subscription): Promise<void> {
    if (!this.subscriptions.delete(subscription)) return;
    if (this.subscriptions.size === 0) {
      // Nobody listens any more: no connection to keep, nothing to reconnect for.
      this.clearTimers();
      this.lost = false;
      this.failedAttempts = 0;
      const session = this.session;
      this.session = null;
      if (session) await this.end(session);
      return;
    }
    const session = this.session;
    if (!session || [...this.subscriptions].some((s) => s.channel === subscription.channel)) return;
    session.channels.delete(subscription.channel);
    await session.client.query(`UNLISTEN ${subscription.channel}`).catch(() => undefined);
  }

  /** The client reported an error, ended, or missed a heartbeat: start over on a new connection. */
  private onLost(session: Session, error: Error): void {
    if (session.gone) return;
    session.gone = true;
    if (this.session !== session) return;
    this.session = null;
    this.clearTimers();
    void this.end(session);
    if (this.closed) return;
    this.lost = true;
    this.failedAttempts = 0;
    for (const subscription of [...this.subscriptions]) subscription.options.onDisconnect?.(error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    const ceiling = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** this.failedAttempts);
    // Jitter in the upper half: processes cut off together do not all come back in the same instant.
    const delay = Math.round(ceiling * (0.5 + Math.random() * 0.5));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.attempt = this.reconnect().finally(() => {
        this.attempt = null;
      });
    }, delay);
    this.retryTimer.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.closed || !this.lost) return;
    if (this.subscriptions.size === 0) {
      this.lost = false;
      return;
    }
    try {
      await this.open();
    } catch {
      if (this.closed || this.subscriptions.size === 0) return;
      this.failedAttempts += 1;
      this.scheduleReconnect();
      return;
    }
    if (this.closed) return;
    this.lost = false;
    this.failedAttempts = 0;
    this.reconnects += 1;
    for (const subscription of [...this.subscriptions]) subscription.options.onReconnect?.();
  }

  private scheduleHeartbeat(session: Session): void {
    if (this.heartbeatMs <= 0) return;
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatTimer = null;
      void this.heartbeat(session);
    }, this.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  private async heartbeat(session: Session): Promise<void> {
    if (this.session !== session) return;
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        session.client.query('select 1'),
        new Promise((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`The listener connection did not answer within ${this.heartbeatTimeoutMs} ms.`)), this.heartbeatTimeoutMs);
        }),
      ]);
    } catch (error) {
      this.onLost(session, error instanceof Error ? error : new Error(String(error)));
      return;
    } finally {
      clearTimeout(timeout);
    }
    if (this.session === session) this.scheduleHeartbeat(session);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.retryTimer = null;
    this.heartbeatTimer = null;
  }

  /** Ends a client; a hung one (half-open socket, a query never answered) is destroyed by pg. */
  private async end(session: Session): Promise<void> {
    session.gone = true;
    await session.client.end().catch(() => undefined);
  }
}

function pgIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad channel name: ${name}`);
  return name;
}
