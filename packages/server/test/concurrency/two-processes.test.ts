import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server';
import { SseClient } from '../support/sse-client';
import { startTestServer, type TestServer } from '../support/test-server';

// Two `verdant serve` processes on one PostgreSQL: a change made through either is pushed to the
// SSE clients of both (the outbox is the source, LISTEN/NOTIFY the wake-up).
describe('two server processes on one PostgreSQL', () => {
  let seeded: TestServer;
  let a: ChildServer;
  let b: ChildServer;
  let owner: string;

  beforeAll(async () => {
    seeded = await startTestServer();
    owner = await seeded.login('owner');
    [a, b] = await Promise.all([startChildServer(seeded.testDb.url as string), startChildServer(seeded.testDb.url as string)]);
  });
  afterAll(async () => {
    for (const child of [a, b]) child?.process.kill('SIGKILL');
    await seeded?.close();
  });

  const patchStore = async (server: ChildServer, id: string, name: string) => {
    const response = await fetch(`${server.url}/v1/stores/${id}`, {
      method: 'PATCH',
      headers: { cookie: owner, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    expect(response.status).toBe(200);
  };

  it('pushes a change made through one process to SSE clients of both', async () => {
    const stores = (await (await fetch(`${a.url}/v1/stores`, { headers: { cookie: owner } })).json()).stores;
    const store = stores[0];
    const onA = new SseClient(`${a.url}/v1/events/stream?types=organizations.store.updated`, { cookie: owner });
    const onB = new SseClient(`${b.url}/v1/events/stream?types=organizations.store.updated`, { cookie: owner });
    await new Promise((r) => setTimeout(r, 300));

    await patchStore(a, store.id, 'Changed through A');
    await patchStore(b, store.id, 'Changed through B');
    const names = (client: SseClient) => client.messages.map((m) => JSON.parse(m.data).payload.store.name);
    await onA.waitFor((m) => m.length >= 2, 10_000);
    await onB.waitFor((m) => m.length >= 2, 10_000);
    expect(names(onA)).toEqual(['Changed through A', 'Changed through B']);
    expect(names(onB)).toEqual(['Changed through A', 'Changed through B']);
    // Both processes agree on the order and the ids.
    expect(onA.messages.map((m) => m.id)).toEqual(onB.messages.map((m) => m.id));
    onA.close();
    onB.close();
  });

  it('shuts down gracefully on SIGTERM, ending open streams', async () => {
    const stream = new SseClient(`${b.url}/v1/events/stream`, { cookie: owner });
    await new Promise((r) => setTimeout(r, 200));
    b.process.kill('SIGTERM');
    const code = await Promise.race([b.exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
    expect(code).toBe(0);
    stream.close();
    // The other process goes on serving.
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
  });
});
