import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer, type ChildServer } from '../support/child-server';
import { currentActivity } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

// Several `verdant serve` processes on one PostgreSQL write audited changes and run their
// sequencers at once (and one dies mid-pass): the audit chain and the published event order must
// stay gap-free, ordered and verifiable, with every row sealed and every event published once.
//
// The children poll only once a minute, so every pass in these tests is one a commit woke: the
// dead-process test then proves that a pass already waiting on the sequencer lock picks up the
// dead holder's work, not a timer that happened to come by.
describe('audit chain and event sequence with several processes', () => {
  let seeded: TestServer;
  let a: ChildServer;
  let b: ChildServer;
  let victim: ChildServer;
  let owner: string;
  let auditor: string;
  let storeId: string;
  const db = () => seeded.platform.database.db;

  beforeAll(async () => {
    // This process seals only after its own commits (workers off), so it never competes for the
    // sequencer lock on a timer.
    seeded = await startTestServer({ workers: false });
    owner = await seeded.login('owner');
    auditor = await seeded.login('auditor');
    const url = seeded.testDb.url as string;
    const env = { OUTBOX_POLL_MS: '60000' };
    // The victim's connections carry a name, so the test can see when it holds the sequencer lock.
    [a, b, victim] = await Promise.all([
      startChildServer(url, env),
      startChildServer(url, env),
      startChildServer(`${url}${url.includes('?') ? '&' : '?'}application_name=verdant_victim`, env),
    ]);
    const stores = (await (await fetch(`${a.url}/v1/stores`, { headers: { cookie: owner } })).json()).stores;
    storeId = stores[0].id;
  }, 60_000);
  afterAll(async () => {
    for (const child of [a, b, victim]) child?.process.kill('SIGKILL');
    await seeded?.close();
  });

  /** `count` audited store renames through one process, `parallel` at a time; returns how many were acknowledged. */
  const burst = async (server: ChildServer, label: string, count: number, parallel = 8): Promise<number> => {
    let next = 0;
    let ok = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const response = await fetch(`${server.url}/v1/stores/${storeId}`, {
          method: 'PATCH',
          headers: { cookie: owner, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `${label} ${i}` }),
        }).catch(() => null);
        if (response?.status === 200) ok += 1;
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    return ok;
  };

  const pending = async () => {
    const row = await sql<{ unsealed: number; unpublished: number }>`
      select (select count(*) from audit_log where chain_seq is null)::int as unsealed,
             (select count(*) from outbox_event where published_seq is null)::int as unpublished`.execute(db());
    return row.rows[0] as { unsealed: number; unpublished: number };
  };

  /** Waits until every committed audit row is sealed and every event published (no extra pass is forced). */
  const settled = async (timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = await pending();
      if (left.unsealed === 0 && left.unpublished === 0) return;
      if (Date.now() > deadline) throw new Error(`not settled after ${timeoutMs} ms: ${JSON.stringify(left)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /** The invariants an inspector relies on, checked straight from the tables and through the API. */
  const expectWholeChain = async () => {
    const audit = (
      await sql<{ n: number; min: number; max: number; distinct: number; head: number }>`
        select count(*)::int as n, min(chain_seq)::int as min, max(chain_seq)::int as max,
               count(distinct chain_seq)::int as distinct,
               (select last_seq from sequencer_state where name = 'audit')::int as head
          from audit_log`.execute(db())
    ).rows[0];
    // 1..N, no gap, no duplicate, and the head agrees: nothing was sealed twice or skipped.
    expect(audit).toEqual({ n: audit!.n, min: 1, max: audit!.n, distinct: audit!.n, head: audit!.n });

    const outbox = (
      await sql<{ n: number; min: number; max: number; distinct: number; head: number }>`
        select count(*)::int as n, min(published_seq)::int as min, max(published_seq)::int as max,
               count(distinct published_seq)::int as distinct,
               (select last_seq from sequencer_state where name = 'outbox')::int as head
          from outbox_event`.execute(db())
    ).rows[0];
    expect(outbox).toEqual({ n: outbox!.n, min: 1, max: outbox!.n, distinct: outbox!.n, head: outbox!.n });

    // Each subscriber got each event at most once, and every process fanned store.updated out to
    // the same subscribers.
    const duplicates = await sql`select subscriber, event_id from outbox_delivery group by 1, 2 having count(*) > 1`.execute(db());
    expect(duplicates.rows).toEqual([]);
    const fanout = await sql<{ subscribers: string; events: number }>`
      select coalesce(d.subscribers, '') as subscribers, count(*)::int as events
        from outbox_event e
        left join lateral (select string_agg(subscriber, ',' order by subscriber) as subscribers
                             from outbox_delivery where event_id = e.id) d on true
       where e.type = 'organizations.store.updated'
       group by 1`.execute(db());
    expect(fanout.rows).toHaveLength(1);

    const verify = await fetch(`${a.url}/v1/audit/verify`, { headers: { cookie: auditor } });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ ok: true, checked: audit!.n, unsealed: 0, firstBreak: null });
    return audit!.n;
  };

  it('seals every row of three concurrent write bursts into one gap-free, verifiable chain', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db())).rows[0]!.n;
    // An inspector asks while the processes write and seal: every answer must be a clean one.
    let writing = true;
    const answers: Array<{ ok: boolean; firstBreak: unknown }> = [];
    const inspector = (async () => {
      while (writing) {
        const response = await fetch(`${a.url}/v1/audit/verify`, { headers: { cookie: auditor } });
        answers.push(await response.json());
      }
    })();
    const acknowledged = await Promise.all([burst(a, 'A', 100), burst(b, 'B', 100), burst(victim, 'C', 100)]).finally(() => (writing = false));
    await inspector;
    expect(acknowledged).toEqual([100, 100, 100]);
    expect(answers.length).toBeGreaterThan(5);
    expect(answers.filter((answer) => !answer.ok)).toEqual([]);
    await settled();
    const total = await expectWholeChain();
    expect(total).toBe(before + 300);
  }, 30_000);

  it('after a process dies holding the sequencer lock mid-pass, a waiting pass of another process seals everything once', async () => {
    // Hold the audit head's row so whichever sequencer takes the locks next stops inside its
    // write statement: locks held, rows already updated, not committed.
    const blocker = new pg.Client({ connectionString: seeded.testDb.url as string });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query(`select 1 from sequencer_state where name = 'audit' for update`);

      const victimWrites = burst(victim, 'Victim', 20, 4);
      // Wait until the victim's sequencer holds the seal lock and is stuck in its write.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const held = await currentActivity(blocker, `
          select a.wait_event_type from pg_locks l join pg_stat_activity a on a.pid = l.pid
           where l.locktype = 'advisory' and l.objid = 727002 and l.granted and a.application_name = 'verdant_victim'`);
        if (held.rows[0]?.wait_event_type === 'Lock') break;
        if (Date.now() > deadline) throw new Error('the victim never got stuck mid-pass');
        await new Promise((r) => setTimeout(r, 50));
      }
      await victimWrites;
      // The survivors commit work of their own; their passes now queue behind the victim's locks.
      expect(await Promise.all([burst(a, 'A2', 20, 4), burst(b, 'B2', 20, 4)])).toEqual([20, 20]);
      expect((await pending()).unsealed).toBeGreaterThanOrEqual(60);

      victim.process.kill('SIGKILL');
      await victim.exited;
      await blocker.query('rollback');
    } finally {
      await blocker.end();
    }
    // No new commit, no timer within the test: only the passes that were waiting can finish this.
    await settled();
    await expectWholeChain();
  }, 30_000);

  it('names the one edited row as the first break when a sealed row is tampered with', async () => {
    const total = await expectWholeChain();
    const target = Math.floor(total / 2);
    const row = (await sql<{ id: number; after: unknown }>`select id, after from audit_log where chain_seq = ${target}`.execute(db())).rows[0]!;
    await sql`update audit_log set after = jsonb_set(coalesce(after, '{}'::jsonb), '{name}', '"Quietly renamed"') where chain_seq = ${target}`.execute(db());
    try {
      const verify = await fetch(`${b.url}/v1/audit/verify`, { headers: { cookie: auditor } });
      expect(verify.status).toBe(200);
      expect(await verify.json()).toMatchObject({
        ok: false,
        checked: target - 1,
        firstBreak: { chainSeq: target, auditId: row.id, problem: 'edited' },
      });
    } finally {
      await sql`update audit_log set after = ${row.after === null ? null : JSON.stringify(row.after)}::jsonb where id = ${row.id}`.execute(db());
    }
    await expectWholeChain();
  }, 30_000);
});
