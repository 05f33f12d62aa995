import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { verifyAuditChain } from '../../src/modules/audit/audit-chain';
import { createOrganization } from '../../src/modules/organizations/organizations.service';
import { createStaff } from '../../src/modules/staff/staff.service';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { systemContext } from '../../src/platform/context';
import { inTransaction } from '../../src/platform/unit-of-work';
import { startTestServer, type TestServer } from '../support/test-server';

const run = promisify(execFile);

describe('audit log', () => {
  let server: TestServer;
  let owner: string;
  beforeAll(async () => {
    server = await startTestServer();
    owner = await server.login('owner');
  });
  afterAll(() => server?.close());

  const db = () => server.platform.database.db;

  it('writes the audit row in the same transaction as the change: a rollback leaves neither', async () => {
    const before = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    await expect(
      inTransaction(server.platform.tx, systemContext(server.organizationId), async (uow) => {
        await uow.audit({ action: 'test.doomed', entityType: 'test', entityId: '1' });
        await uow.emit({ type: 'test.doomed', aggregateType: 'test', aggregateId: '1', payload: {} });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await db().selectFrom('outbox_event').selectAll().where('type', '=', 'test.doomed').execute()).toHaveLength(0);
  });

  it('lets an auditor query by entity, actor, action and time range', async () => {
    const created = await server.request({
      method: 'POST',
      url: '/v1/stores',
      cookie: owner,
      body: { name: 'Audit Store', licenseNumber: 'AUD-1', jurisdiction: 'US-MI', timezone: 'America/Detroit' },
    });
    const store = created.json();
    const auditor = await server.login('auditor');
    const me = (await server.request({ method: 'GET', url: '/v1/auth/me', cookie: owner })).json();
    const from = new Date(Date.now() - 60_000).toISOString();
    const byEntity = await server.request({ method: 'GET', url: `/v1/audit?entityType=store&entityId=${store.id}`, cookie: auditor });
    expect(byEntity.statusCode).toBe(200);
    expect(byEntity.json().entries).toHaveLength(1);
    expect(byEntity.json().entries[0]).toMatchObject({ action: 'store.created', actorId: me.id, actorType: 'staff' });
    const byActor = await server.request({ method: 'GET', url: `/v1/audit?actorId=${me.id}&from=${encodeURIComponent(from)}`, cookie: auditor });
    expect(byActor.json().entries.map((e: { action: string }) => e.action)).toContain('store.created');
    const future = new Date(Date.now() + 60_000).toISOString();
    const none = await server.request({ method: 'GET', url: `/v1/audit?actorId=${me.id}&from=${encodeURIComponent(future)}`, cookie: auditor });
    expect(none.json().entries).toHaveLength(0);
    // The auditor reads everything and writes nothing.
    const write = await server.request({ method: 'POST', url: '/v1/stores', cookie: auditor, body: {} });
    expect(write.statusCode).toBe(403);
  });

  it('seals rows into a hash chain after commit, and finds an edited row', async () => {
    await server.platform.sequencer.wake();
    const intact = await verifyAuditChain(db());
    expect(intact).toMatchObject({ ok: true, unsealed: 0 });
    expect(intact.checked).toBeGreaterThan(5);
    const victim = await db().selectFrom('audit_log').select(['id', 'chain_seq']).where('action', '=', 'store.created').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await sql`update audit_log set after = jsonb_set(after, '{name}', '"Forged"') where id = ${victim.id}`.execute(db());
    const result = await verifyAuditChain(db());
    expect(result.ok).toBe(false);
    expect(result.firstBreak).toMatchObject({ auditId: victim.id, chainSeq: victim.chain_seq, problem: 'edited' });
    const api = await server.request({ method: 'GET', url: '/v1/audit/verify', cookie: await server.login('auditor') });
    expect(api.json().firstBreak.auditId).toBe(victim.id);

    // Another organization on the same server learns the chain is broken, not which of our rows or how.
    const organizationId = uuidv7();
    const email = `elsewhere-${organizationId}@example.test`;
    await inTransaction(server.platform.tx, systemContext(organizationId), async (uow) => {
      await createOrganization(uow, { id: organizationId, name: 'Elsewhere Cannabis' });
      await createStaff(uow, { organizationId, email, name: 'Elsewhere Owner', role: 'owner', password: DEMO_PASSWORD });
    });
    const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
    const theirs = await server.request({ method: 'GET', url: '/v1/audit/verify', cookie: `verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}` });
    expect(theirs.json()).toMatchObject({ ok: false, firstBreak: { auditId: null, chainSeq: victim.chain_seq, problem: 'edited' } });
    expect(theirs.json().firstBreak.message).not.toContain('Forged');
  });

  it('finds a deleted row and a deleted tail', async () => {
    // Start from a clean chain on a fresh server so the edit above does not mask these.
    const other = await startTestServer();
    try {
      const odb = other.platform.database.db;
      await other.platform.sequencer.wake();
      const rows = await odb.selectFrom('audit_log').select(['id', 'chain_seq']).orderBy('chain_seq').execute();
      expect(rows.length).toBeGreaterThan(4);
      await sql`delete from audit_log where id = ${rows[2].id}`.execute(odb);
      const middle = await verifyAuditChain(odb);
      expect(middle.firstBreak).toMatchObject({ problem: 'missing', chainSeq: rows[2].chain_seq });
      expect(middle.firstBreak?.message).toContain(`position ${rows[2].chain_seq}`);

      await sql`delete from audit_log where chain_seq >= ${rows[2].chain_seq}`.execute(odb);
      const tail = await verifyAuditChain(odb);
      expect(tail.firstBreak?.problem).toBe('tail_deleted');
    } finally {
      await other.close();
    }
  });

  it.runIf(process.env.VERDANT_TEST_DB === 'postgres')('`verdant audit verify` names the first broken row and exits 1', async () => {
    const url = server.testDb.url as string;
    const cli = ['tsx', 'packages/server/src/cli/verdant.ts', 'audit', 'verify'];
    const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' };
    const failed = await run('npx', cli, { env, cwd: process.cwd() }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/Audit chain BROKEN .*Audit row \d+ \(chain position \d+\) was changed after it was sealed/);
  });
});
