import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature, type VerifyResult } from '../../src/modules/webhooks';

export interface ReceivedDelivery {
  deliveryId: string;
  eventId: string;
  eventType: string;
  timestamp: string;
  signature: string;
  rawBody: string;
  body: { id: string; type: string; data: unknown };
  verified: VerifyResult;
}

export type ReceiverMode =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; contentType: string; body: string }
  | { kind: 'slow'; ms: number }
  /** Holds every request until `until` settles, then answers 200 (as `slow` does, nothing is recorded). */
  | { kind: 'held'; until: Promise<void> };

/**
 * A webhook receiver on 127.0.0.1 that checks every delivery's signature with the exported
 * helper, the way an integrator's endpoint would. It can answer errors, hang, or go away
 * entirely (connection refused) and come back on the same port.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  /** Every request, including the ones answered with an error. */
  requests = 0;
  mode: ReceiverMode = { kind: 'ok' };
  secrets: string[] = [];
  private server: Server | null = null;
  private port = 0;

  get isUp(): boolean {
    return this.server !== null;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening: senders get ECONNREFUSED until start() is called again. */
  async goDown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async stop(): Promise<void> {
    await this.goDown();
  }

  /** Deliveries whose signature verified, by event id. */
  verifiedEventIds(): Set<string> {
    return new Set(this.received.filter((r) => r.verified.ok).map((r) => r.eventId));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    this.requests++;
    const mode = this.mode;
    if (mode.kind === 'slow' || mode.kind === 'held') {
      await (mode.kind === 'slow' ? new Promise((r) => setTimeout(r, mode.ms)) : mode.until);
      if (!response.destroyed) response.writeHead(200).end('late');
      return;
    }
    if (mode.kind === 'status') {
      response.writeHead(mode.status, { 'content-type': mode.contentType }).end(mode.body);
      return;
    }
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const deliveryId = header('verdant-delivery-id') ?? '';
    const timestamp = header('verdant-timestamp') ?? '';
    const signature = header('verdant-signature') ?? '';
    const verified = verifyWebhookSignature({ secrets: this.secrets, deliveryId, timestamp, signature, rawBody, toleranceSeconds: 300 });
    const body = JSON.parse(rawBody) as ReceivedDelivery['body'];
    this.received.push({ deliveryId, eventId: header('verdant-event-id') ?? '', eventType: header('verdant-event-type') ?? '', timestamp, signature, rawBody, body, verified });
    response.writeHead(verified.ok ? 204 : 401).end();
  }
}

export async function waitUntil(check: () => Promise<boolean> | boolean, ms = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
