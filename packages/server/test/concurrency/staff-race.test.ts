// PostgreSQL only: who is acting, under concurrency. A register's PIN switches while sales are
// rung on it, credentials are revoked while requests with them are in flight, and two budtenders
// take over one register at the same moment. Every request goes through the HTTP API of one server
// with a real connection pool, so the transactions interleave.
import { sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { blockedBackends, currentActivity, waitUntil, waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('staff authentication and attribution races (PostgreSQL)', () => {
  let server: TestServer;
  let manager: string;
  let owner: string;
  let fx: CheckoutFixture;
  let managerId: string;

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.login('manager');
    owner = await server.login('owner');
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 5_000 });
    const staff = (await server.request({ method: 'GET', url: '/v1/staff', cookie: manager })).json().staff as Array<{ id: string; role: string }>;
    managerId = staff.find((s) => s.role === 'manager')!.id;
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;

  async function newBudtender(pin: string): Promise<string> {
    const created = await server.request({
      method: 'POST',
      url: '/v1/staff',
      cookie: manager,
      body: { email: `bud-${uuidv7()}@demo.verdant.test`, name: 'Race Budtender', role: 'budtender', password: DEMO_PASSWORD, pin, currentPassword: DEMO_PASSWORD },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id;
  }

  /** The manager signs a register in at the test store; budtenders take it over with their PIN. */
  async function registerLogin(): Promise<string> {
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email: 'manager@demo.verdant.test', password: DEMO_PASSWORD, storeId: fx.storeId } });
    expect(login.statusCode, login.body).toBe(200);
    return `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
  }

  const pinSwitch = (register: string, userId: string, pin: string, requestId = uuidv7()) =>
    server.request({ method: 'POST', url: '/v1/auth/pin', cookie: register, body: { userId, pin }, headers: { 'x-request-id': requestId } });

  /** One walk-in POS sale; the request id names its audit rows. */
  const sale = (credential: { cookie?: string; apiKey?: string }, requestId = uuidv7()) =>
    server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      ...(credential.cookie ? { cookie: credential.cookie } : {}),
      headers: { 'x-request-id': requestId, ...(credential.apiKey ? { authorization: `Bearer ${credential.apiKey}` } : {}) },
      body: { id: uuidv7(), customer: { kind: 'adult_use', birthDate: '1980-01-01' }, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('sales rung while the PIN switches are credited to the budtender acting when the request was authenticated, never to anyone else', async () => {
    const budtenders = [await newBudtender('4711'), await newBudtender('4712')];
    const pins = ['4711', '4712'];
    const register = await registerLogin();
    expect((await pinSwitch(register, budtenders[0], pins[0])).statusCode).toBe(200);

    // Switch k (k ≥ 1) hands the register to budtenders[k % 2]; switch 0 happened above.
    const actingAfter = (k: number) => budtenders[k % 2];
    let switchesSent = 1;
    let switchesAnswered = 1;
    let selling = true;
    const switcher = (async () => {
      for (let k = 1; k <= 10; k++) {
        await pause(100);
        switchesSent = k + 1;
        const answer = await pinSwitch(register, actingAfter(k), pins[k % 2]);
        expect(answer.statusCode, answer.body).toBe(200);
        switchesAnswered = k + 1;
      }
      selling = false;
    })();
    type Rung = { requestId: string; status: number; orderId?: string; budtenderId?: string | null; answeredBefore: number; sentBy: number };
    const rung: Rung[] = [];
    const lane = async () => {
      while (selling) {
        const requestId = uuidv7();
        const answeredBefore = switchesAnswered;
        const response = await sale({ cookie: register }, requestId);
        const sentBy = switchesSent;
        const body = response.json();
        rung.push({ requestId, status: response.statusCode, orderId: body.order?.id, budtenderId: body.order?.budtenderId, answeredBefore, sentBy });
      }
    };
    await Promise.all([switcher, ...Array.from({ length: 6 }, lane)]);
    // And sales no switch overlaps (on a loaded machine every sale of the lanes may have): each is
    // credited to the last switch's budtender.
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const requestId = uuidv7();
        const response = await sale({ cookie: register }, requestId);
        const body = response.json();
        rung.push({ requestId, status: response.statusCode, orderId: body.order?.id, budtenderId: body.order?.budtenderId, answeredBefore: switchesAnswered, sentBy: switchesSent });
      }),
    );

    // Every lane rang at least one sale while the switches went on, however slow the machine.
    expect(rung.length).toBeGreaterThanOrEqual(12);
    for (const r of rung) expect(r.status, JSON.stringify(r)).toBe(201);
    // Every sale names one of the two budtenders: never the register's owner, never nobody.
    for (const r of rung) expect(budtenders, JSON.stringify(r)).toContain(r.budtenderId);
    // Precisely: a sale sent after switch k answered is credited to switch k's budtender, or to a
    // later switch's one if that switch was sent before the sale answered. A sale that no switch
    // overlapped is credited to exactly the budtender of the last answered switch.
    let undisturbed = 0;
    for (const r of rung) {
      const allowed = new Set(Array.from({ length: r.sentBy - r.answeredBefore + 1 }, (_, i) => actingAfter(r.answeredBefore - 1 + i)));
      expect([...allowed], JSON.stringify(r)).toContain(r.budtenderId);
      if (r.sentBy === r.answeredBefore) undisturbed++;
    }
    expect(undisturbed).toBeGreaterThan(0);
    // The stored order, and every audit row the sale wrote, name the same budtender as the answer.
    const stored = await db().selectFrom('sales_order').select(['id', 'budtender_id']).where('id', 'in', rung.map((r) => r.orderId!)).execute();
    const byOrder = new Map(stored.map((o) => [o.id, o.budtender_id]));
    const audit = await db().selectFrom('audit_log').select(['request_id', 'actor_id']).where('request_id', 'in', rung.map((r) => r.requestId)).execute();
    const auditActors = new Map<string, Set<string | null>>();
    for (const row of audit) auditActors.set(row.request_id!, (auditActors.get(row.request_id!) ?? new Set()).add(row.actor_id));
    for (const r of rung) {
      expect(byOrder.get(r.orderId!)).toBe(r.budtenderId);
      expect([...(auditActors.get(r.requestId) ?? [])], r.requestId).toEqual([r.budtenderId]);
    }
    // Both budtenders actually sold: the switches took effect under load.
    expect(new Set(rung.map((r) => r.budtenderId)).size).toBe(2);
  });

  // A request is authenticated when it arrives: one already in flight when the revocation lands
  // may still complete (as in any web system), but nothing sent after the revocation answered
  // gets through, and a refused request writes nothing. Deactivating the acting budtender locks
  // the register rather than signing it out: its sales are refused with 403 (nobody acts, the
  // sign-in holds) until the next budtender switches in with a PIN.
  it('once a logout, a deactivation or an API key revocation answered, no request with that credential succeeds, and a refused one writes nothing', async () => {
    const keyAnswer = await server.request({ method: 'POST', url: '/v1/api-keys', cookie: owner, body: { name: `till-${uuidv7()}`, scopes: ['pos:sell', 'stores:read'], currentPassword: DEMO_PASSWORD } });
    expect(keyAnswer.statusCode, keyAnswer.body).toBe(201);
    const apiKey = keyAnswer.json();
    const logoutRegister = await registerLogin();
    const deactivatedRegister = await registerLogin();
    const leaving = await newBudtender('5150');
    expect((await pinSwitch(deactivatedRegister, leaving, '5150')).statusCode).toBe(200);

    const scenarios: Array<{ name: string; credential: { cookie?: string; apiKey?: string }; revoke: (requestId: string) => Promise<number>; action: string; refused: number }> = [
      {
        name: 'logout',
        refused: 401,
        credential: { cookie: logoutRegister },
        revoke: async (requestId) => (await server.request({ method: 'POST', url: '/v1/auth/logout', cookie: logoutRegister, headers: { 'x-request-id': requestId } })).statusCode,
        action: 'auth.logout',
      },
      {
        name: 'deactivation of the acting budtender',
        refused: 403,
        credential: { cookie: deactivatedRegister },
        revoke: async (requestId) =>
          (await server.request({ method: 'PATCH', url: `/v1/staff/${leaving}`, cookie: manager, body: { active: false }, headers: { 'x-request-id': requestId } })).statusCode,
        action: 'staff.updated',
      },
      {
        name: 'API key revocation',
        refused: 401,
        credential: { apiKey: apiKey.key },
        revoke: async (requestId) => (await server.request({ method: 'DELETE', url: `/v1/api-keys/${apiKey.id}`, cookie: owner, headers: { 'x-request-id': requestId } })).statusCode,
        action: 'api_key.revoked',
      },
    ];

    for (const scenario of scenarios) {
      let revoked = false;
      let stop = false;
      let okSoFar = 0;
      type Sent = { requestId: string; status: number; afterRevocation: boolean };
      const sent: Sent[] = [];
      const lane = async () => {
        let refusedAfter = 0;
        for (let n = 0; n < 200 && (!stop || refusedAfter < 2); n++) {
          const requestId = uuidv7();
          const afterRevocation = revoked;
          const response = await sale(scenario.credential, requestId);
          sent.push({ requestId, status: response.statusCode, afterRevocation });
          if (response.statusCode === 201) okSoFar++;
          if (afterRevocation) refusedAfter++;
        }
      };
      const revocationId = uuidv7();
      const revoker = (async () => {
        // Revoke while the lanes are in full flow: some sales have gone through, more are in flight.
        for (let waited = 0; okSoFar < 8 && waited < 10_000; waited += 5) await pause(5);
        const status = await scenario.revoke(revocationId);
        revoked = true;
        stop = true;
        return status;
      })();
      const [status] = await Promise.all([revoker, ...Array.from({ length: 6 }, lane)]);
      expect(status, scenario.name).toBeLessThan(300);

      const late = sent.filter((s) => s.afterRevocation);
      expect(late.length, scenario.name).toBeGreaterThan(0);
      for (const s of late) expect(s.status, `${scenario.name}: ${s.requestId}`).toBe(scenario.refused);
      const succeeded = sent.filter((s) => s.status === 201);
      expect(succeeded.length, scenario.name).toBeGreaterThan(0);
      for (const s of sent) expect([201, scenario.refused], `${scenario.name}: ${JSON.stringify(s)}`).toContain(s.status);

      // The revocation is in the log, and no refused request wrote anything.
      await db().selectFrom('audit_log').select('id').where('request_id', '=', revocationId).where('action', '=', scenario.action).executeTakeFirstOrThrow();
      const writes = await db()
        .selectFrom('audit_log')
        .select(['id', 'request_id'])
        .where('request_id', 'in', sent.map((s) => s.requestId))
        .execute();
      const okIds = new Set(succeeded.map((s) => s.requestId));
      for (const row of writes) {
        expect(okIds.has(row.request_id!), `${scenario.name}: a refused request wrote ${row.request_id}`).toBe(true);
      }
      const orders = await sql<{ n: number }>`select count(*)::int as n from audit_log where request_id = any(${succeeded.map((s) => s.requestId)}) and action like 'orders.%'`.execute(db());
      expect(orders.rows[0].n, scenario.name).toBeGreaterThan(0);
      expect((await sale(scenario.credential)).statusCode, scenario.name).toBe(scenario.refused);
    }
  });

  it('a deactivation racing PIN switches on the register the person acts on: it ends locked or with the other budtender, never with the deactivated one or the owner', async () => {
    const next = await newBudtender('7002');
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 12; round++) {
      const leaving = await newBudtender('7001');
      const register = await registerLogin();
      expect((await pinSwitch(register, leaving, '7001')).statusCode).toBe(200);
      const sessionId = (await db().selectFrom('staff_session').select('id').where('active_user_id', '=', leaving).executeTakeFirstOrThrow()).id;

      const ids = { deactivate: uuidv7(), toNext: uuidv7(), toLeaving: uuidv7() };
      const jitter = () => pause(Math.floor(Math.random() * 12));
      const [deactivated, toNext, toLeaving] = await Promise.all([
        jitter().then(() => server.request({ method: 'PATCH', url: `/v1/staff/${leaving}`, cookie: manager, body: { active: false }, headers: { 'x-request-id': ids.deactivate } })),
        jitter().then(() => pinSwitch(register, next, '7002', ids.toNext)),
        jitter().then(() => pinSwitch(register, leaving, '7001', ids.toLeaving)),
      ]);
      expect(deactivated.statusCode, deactivated.body).toBe(200);
      // The other budtender always gets in: the register was never signed out.
      expect(toNext.statusCode, toNext.body).toBe(200);
      expect([200, 401], toLeaving.body).toContain(toLeaving.statusCode);
      if (toLeaving.statusCode === 401) expect(toLeaving.json().error.code).toBe('INVALID_PIN');

      const session = await db().selectFrom('staff_session').select(['active_user_id', 'pin_required_since', 'revoked_at']).where('id', '=', sessionId).executeTakeFirstOrThrow();
      expect(session.revoked_at).toBeNull();
      const locked = session.pin_required_since !== null;
      if (locked) expect(session.active_user_id).toBeNull();
      else expect(session.active_user_id, `round ${round}`).toBe(next);
      const wasLocked = await db().selectFrom('audit_log').select('id').where('request_id', '=', ids.deactivate).where('action', '=', 'auth.pin.revoked').executeTakeFirst();
      const outcome = `${wasLocked ? 'lock' : 'no lock'}, ends ${locked ? 'locked' : 'with next'}`;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

      // Replaying the hand-overs in the order they took effect (their audit rows, written under
      // the session row lock) gives the stored state; the deactivated person never acts after it.
      const rows = await db()
        .selectFrom('audit_log')
        .select(['id', 'action', 'entity_id', 'before'])
        .where('request_id', 'in', Object.values(ids))
        .where('action', 'in', ['auth.pin.succeeded', 'auth.pin.revoked', 'staff.updated'])
        .orderBy('id')
        .execute();
      let acting: string | null = leaving;
      let isLocked = false;
      let deactivatedAt = Infinity;
      for (const row of rows as Array<{ id: number | string; action: string; entity_id: string | null; before: { activeUserId: string | null; locked?: boolean } }>) {
        if (row.action === 'staff.updated') {
          deactivatedAt = Number(row.id);
          continue;
        }
        expect(row.before.activeUserId, `round ${round}: ${row.action}`).toBe(acting);
        if (row.action === 'auth.pin.revoked') {
          expect(acting).toBe(leaving);
          acting = null;
          isLocked = true;
        } else {
          expect(row.before.locked, `round ${round}`).toBe(isLocked);
          if (row.entity_id === leaving) expect(Number(row.id)).toBeLessThan(deactivatedAt);
          acting = row.entity_id;
          isLocked = false;
        }
      }
      expect(acting).toBe(session.active_user_id);
      expect(isLocked).toBe(locked);

      const me = (await server.request({ method: 'GET', url: '/v1/auth/me', cookie: register })).json();
      expect(me).toMatchObject({ id: session.active_user_id, pinRequired: locked });
      const after = await sale({ cookie: register });
      expect(after.statusCode, after.body).toBe(locked ? 403 : 201);
      if (!locked) expect(after.json().order.budtenderId).toBe(next);
    }
    // Typically (PIN checks are slow, the deactivation is not) most rounds lock the register and the
    // other budtender's switch then unlocks it; some end locked, a few never lock.
    expect(outcomes.get('lock, ends with next') ?? 0, JSON.stringify([...outcomes])).toBeGreaterThan(0);
  });

  it('two PIN switches at once on one register: it ends with one of them, and the audit log shows both hand-overs in the order they took effect', async () => {
    const budtenders = [await newBudtender('6001'), await newBudtender('6002')];
    const pins = ['6001', '6002'];
    const register = await registerLogin();
    const sessionId = (await db().selectFrom('staff_session').select('id').orderBy('created_at', 'desc').where('user_id', '=', managerId).executeTakeFirstOrThrow()).id;
    expect(sessionId).toBeTruthy();

    for (let round = 0; round < 12; round++) {
      const before = (await db().selectFrom('staff_session').select('active_user_id').where('id', '=', sessionId).executeTakeFirstOrThrow()).active_user_id;
      const ids = [uuidv7(), uuidv7()];
      const answers = await Promise.all([0, 1].map((i) => pinSwitch(register, budtenders[i], pins[i], ids[i])));
      for (const a of answers) expect(a.statusCode, a.body).toBe(200);

      const session = await db().selectFrom('staff_session').select(['active_user_id', 'revoked_at']).where('id', '=', sessionId).executeTakeFirstOrThrow();
      expect(budtenders).toContain(session.active_user_id);
      const me = (await server.request({ method: 'GET', url: '/v1/auth/me', cookie: register })).json();
      expect(me.id).toBe(session.active_user_id);

      const rows = await db()
        .selectFrom('audit_log')
        .select(['id', 'entity_id', 'before', 'after'])
        .where('request_id', 'in', ids)
        .where('action', '=', 'auth.pin.succeeded')
        .orderBy('id')
        .execute();
      expect(rows).toHaveLength(2);
      const [first, second] = rows as Array<{ entity_id: string; before: { activeUserId: string | null } | null; after: { activeUserId: string } | null }>;
      // The later row is the switch that won; each row says whom the register was taken from.
      expect(second.entity_id).toBe(session.active_user_id);
      expect(first.entity_id).not.toBe(second.entity_id);
      expect(first.before?.activeUserId, `round ${round}`).toBe(before);
      expect(first.after?.activeUserId).toBe(first.entity_id);
      expect(second.before?.activeUserId, `round ${round}`).toBe(first.entity_id);
      expect(second.after?.activeUserId).toBe(second.entity_id);
    }
  });

  it('a PIN reset or a new password racing PIN switches on the register the person acts on: never the owner, and never the old PIN after the reset', async () => {
    const next = await newBudtender('7102');
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 16; round++) {
      const kind = round % 2 === 0 ? 'pin' : 'password';
      const leaving = await newBudtender('7101');
      const register = await registerLogin();
      expect((await pinSwitch(register, leaving, '7101')).statusCode).toBe(200);
      const sessionId = (await db().selectFrom('staff_session').select('id').where('active_user_id', '=', leaving).executeTakeFirstOrThrow()).id;

      const ids = { change: uuidv7(), toNext: uuidv7(), toLeaving: uuidv7() };
      const body = { ...(kind === 'pin' ? { pin: '7109' } : { password: `new-password-${round}` }), currentPassword: DEMO_PASSWORD };
      const jitter = () => pause(Math.floor(Math.random() * 12));
      const [changed, toNext, toLeaving] = await Promise.all([
        jitter().then(() => server.request({ method: 'PATCH', url: `/v1/staff/${leaving}`, cookie: manager, body, headers: { 'x-request-id': ids.change } })),
        jitter().then(() => pinSwitch(register, next, '7102', ids.toNext)),
        jitter().then(() => pinSwitch(register, leaving, '7101', ids.toLeaving)),
      ]);
      expect(changed.statusCode, changed.body).toBe(200);
      expect(toNext.statusCode, toNext.body).toBe(200);
      // A new password leaves the PIN as it was: switching in with it afterwards is a new turn.
      if (kind === 'password') expect(toLeaving.statusCode, toLeaving.body).toBe(200);
      else expect([200, 401], toLeaving.body).toContain(toLeaving.statusCode);

      const session = await db().selectFrom('staff_session').select(['active_user_id', 'pin_required_since', 'revoked_at']).where('id', '=', sessionId).executeTakeFirstOrThrow();
      expect(session.revoked_at).toBeNull();
      const locked = session.pin_required_since !== null;
      // Never handed to the register's owner: locked, or someone who switched in acts.
      if (locked) expect(session.active_user_id).toBeNull();
      else expect(kind === 'pin' ? [next] : [next, leaving], `round ${round}`).toContain(session.active_user_id);

      // Replay the hand-overs in the order they took effect (see the deactivation race above).
      const rows = await db()
        .selectFrom('audit_log')
        .select(['id', 'action', 'entity_id', 'before', 'after'])
        .where('request_id', 'in', Object.values(ids))
        .where('action', 'in', ['auth.pin.succeeded', 'auth.pin.revoked', 'staff.updated'])
        .orderBy('id')
        .execute();
      let acting: string | null = leaving;
      let isLocked = false;
      let changedAt = Infinity;
      for (const row of rows as Array<{ id: number | string; action: string; entity_id: string | null; before: { activeUserId: string | null; locked?: boolean }; after: { reason?: string } }>) {
        if (row.action === 'staff.updated') {
          changedAt = Number(row.id);
          // Whoever acts as the person when the change lands is let go in the same transaction.
          continue;
        }
        expect(row.before.activeUserId, `round ${round}: ${row.action}`).toBe(acting);
        if (row.action === 'auth.pin.revoked') {
          expect(acting).toBe(leaving);
          expect(Number(row.id)).toBeGreaterThan(changedAt);
          expect(row.after.reason).toBe(kind === 'pin' ? 'pin_changed' : 'password_changed');
          acting = null;
          isLocked = true;
        } else {
          expect(row.before.locked, `round ${round}`).toBe(isLocked);
          // The old PIN acts only in a switch that took effect before the reset.
          if (row.entity_id === leaving && kind === 'pin') expect(Number(row.id)).toBeLessThan(changedAt);
          acting = row.entity_id;
          isLocked = false;
        }
      }
      expect(acting).toBe(session.active_user_id);
      expect(isLocked).toBe(locked);
      // The person was acting when the change committed only if a revocation row follows it.
      const revoked = rows.some((r) => r.action === 'auth.pin.revoked');
      const outcome = `${kind}: ${revoked ? 'lock' : 'no lock'}, ends ${locked ? 'locked' : session.active_user_id === next ? 'with next' : 'with the person again'}`;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

      const me = (await server.request({ method: 'GET', url: '/v1/auth/me', cookie: register })).json();
      expect(me).toMatchObject({ id: session.active_user_id, pinRequired: locked });
    }
    expect([...outcomes.keys()].some((o) => o.includes(': lock')), JSON.stringify([...outcomes])).toBe(true);
  });

  it('ending a turn that someone else took over since the request was authenticated: 409 PIN_TURN_CHANGED, the new turn stands', async () => {
    const [first, second] = [await newBudtender('7201'), await newBudtender('7202')];
    const register = await registerLogin();
    expect((await pinSwitch(register, first, '7201')).statusCode).toBe(200);
    const sessionId = (await db().selectFrom('staff_session').select('id').where('active_user_id', '=', first).executeTakeFirstOrThrow()).id;

    // The session row is held while the first budtender's "end my turn" is authenticated (as
    // them) and queues on it; the second budtender's switch commits meanwhile (done here, on the
    // holding connection, so the order is certain).
    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    await holder.query('begin');
    await holder.query('select 1 from staff_session where id = $1 for update', [sessionId]);
    const requestId = uuidv7();
    const pending = server.request({ method: 'DELETE', url: '/v1/auth/pin', cookie: register, headers: { 'x-request-id': requestId } });
    let blocked = 0;
    for (let waited = 0; waited < 10_000 && blocked === 0; waited += 20) {
      // Waiting on this connection's lock (the reported query text of a waiting backend can lag).
      const q = await currentActivity(holder, `select count(*)::int as n from pg_stat_activity where pg_backend_pid() = any (pg_blocking_pids(pid))`);
      blocked = q.rows[0].n;
      if (blocked === 0) await pause(20);
    }
    expect(blocked).toBe(1);
    await holder.query('update staff_session set active_user_id = $1 where id = $2', [second, sessionId]);
    await holder.query('commit');
    await holder.end();

    const ended = await pending;
    expect(ended.statusCode, ended.body).toBe(409);
    expect(ended.json().error.code).toBe('PIN_TURN_CHANGED');
    const session = await db().selectFrom('staff_session').select(['active_user_id', 'pin_required_since']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(session).toEqual({ active_user_id: second, pin_required_since: null });
    expect(await db().selectFrom('audit_log').select('id').where('request_id', '=', requestId).execute()).toEqual([]);
    // The second budtender, asking now, ends their own turn.
    expect((await server.request({ method: 'DELETE', url: '/v1/auth/pin', cookie: register })).statusCode).toBe(204);
  });

  it('a manager demoted while their change of someone waits does not grant after the demotion: the grant comes first, or is refused', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      // A second manager M, who changes budtender T while the owner demotes M.
      const email = `mgr-${uuidv7()}@demo.verdant.test`;
      const made = await server.request({ method: 'POST', url: '/v1/staff', cookie: owner, body: { email, name: 'Race Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD } });
      expect(made.statusCode, made.body).toBe(201);
      const mId = made.json().id as string;
      const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
      const m = `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`;
      const tId = await newBudtender('4455');

      const holder = new pg.Client({ connectionString: server.testDb.url! });
      await holder.connect();
      try {
        // Hold T's row so M's change waits inside its transaction, after it was authenticated as a manager.
        await holder.query('begin');
        await holder.query('select 1 from staff_user where id = $1 for update', [tId]);
        const granting = server.request({ method: 'PATCH', url: `/v1/staff/${tId}`, cookie: m, body: { role: 'inventory_manager', currentPassword: DEMO_PASSWORD } });
        await waitUntilBlocked(holder, 1);
        let demoted: { statusCode: number } | null = null;
        const demoting = server.request({ method: 'PATCH', url: `/v1/staff/${mId}`, cookie: owner, body: { role: 'budtender', currentPassword: DEMO_PASSWORD } }).then((r) => (demoted = r));
        await waitUntil(async () => demoted !== null || (await blockedBackends(holder)) >= 2);
        await holder.query('commit');
        const [granted] = await Promise.all([granting, demoting]);
        expect(demoted!.statusCode).toBe(200);
        const t = await db().selectFrom('staff_user').select('role').where('id', '=', tId).executeTakeFirstOrThrow();
        const order = await db().selectFrom('audit_log').select(['id', 'entity_id']).where('action', '=', 'staff.updated').where('entity_id', 'in', [tId, mId]).orderBy('id').execute();
        if (granted.statusCode === 200) {
          // Granted while M was still a manager: T's change is before M's demotion.
          expect(t.role).toBe('inventory_manager');
          expect(order.map((o) => o.entity_id)).toEqual([tId, mId]);
          outcomes.push('granted first');
        } else {
          expect([granted.statusCode, granted.json().error.code]).toEqual([403, 'FORBIDDEN']);
          expect(t.role).toBe('budtender');
          expect(order.map((o) => o.entity_id)).toEqual([mId]);
          outcomes.push('refused');
        }
      } finally {
        await holder.end();
      }
    }
    // M is older than T, so M's row is locked first and the demotion waits for the grant (before
    // the fix, the demotion committed while the grant waited, and the grant went through after it).
    // With the ids the other way round the grant would find M demoted and be refused.
    expect(outcomes).toEqual(Array(6).fill('granted first'));
  });

  it('an owner limited to a store while their API key request waits makes no key; a manager moved while setting a driver’s state identifiers sets none', async () => {
    const denver = (await db().selectFrom('store').select('id').where('name', 'like', '%Denver%').executeTakeFirstOrThrow()).id;
    async function person(role: string): Promise<{ id: string; cookie: string }> {
      const email = `${role}-${uuidv7()}@demo.verdant.test`;
      const made = await server.request({ method: 'POST', url: '/v1/staff', cookie: owner, body: { email, name: `Race ${role}`, role, password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD } });
      expect(made.statusCode, made.body).toBe(201);
      const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
      return { id: made.json().id, cookie: `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}` };
    }
    /** Sends the request while the caller's row is held, limits the caller to Denver, then lets go. */
    async function limitedMeanwhile(callerId: string, send: () => Promise<{ statusCode: number; json: () => { error: { code: string } } }>) {
      const holder = new pg.Client({ connectionString: server.testDb.url! });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query('select 1 from staff_user where id = $1 for update', [callerId]);
        let answered = false;
        const sent = send().then((r) => ((answered = true), r));
        await waitUntil(async () => answered || (await blockedBackends(holder)) >= 1);
        await holder.query('update staff_user set store_ids = $2 where id = $1', [callerId, [denver]]);
        await holder.query('commit');
        const answer = await sent;
        expect([answer.statusCode, answer.json().error?.code]).toEqual([403, 'STORE_NOT_ALLOWED']);
      } finally {
        await holder.end();
      }
    }

    const secondOwner = await person('owner');
    const name = `race key ${uuidv7()}`;
    await limitedMeanwhile(secondOwner.id, () => server.request({ method: 'POST', url: '/v1/api-keys', cookie: secondOwner.cookie, body: { name, scopes: ['orders:read'], currentPassword: DEMO_PASSWORD } }));
    expect(await db().selectFrom('api_key').select('id').where('name', '=', name).execute()).toEqual([]);

    // The driver works at Oakland; a manager of every store sets their identifiers while moved to Denver.
    const driver = await person('driver');
    await db().updateTable('staff_user').set({ store_ids: [fx.storeId] }).where('id', '=', driver.id).execute();
    const secondManager = await person('manager');
    await limitedMeanwhile(secondManager.id, () =>
      server.request({ method: 'PUT', url: `/v1/staff/${driver.id}/state-credentials`, cookie: secondManager.cookie, body: { employeeId: 'CA-EMP-9', driversLicenseNumber: 'D0000009' } }),
    );
    expect(await db().selectFrom('trace_driver').select('staff_id').where('staff_id', '=', driver.id).execute()).toEqual([]);
  });
});
