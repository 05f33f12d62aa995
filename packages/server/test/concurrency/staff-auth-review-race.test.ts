// PostgreSQL only: staff writes that race each other through the HTTP API of one server with a real
// connection pool, so their transactions interleave.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { startTestServer, type TestServer } from '../support/test-server';

describe('staff writes racing each other (PostgreSQL)', () => {
  let server: TestServer;
  /** Sessions of several managers: each write locks its caller's row, so one caller's writes queue. */
  const managers: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    const manager = await server.login('manager');
    managers.push(manager);
    for (let i = 0; i < 5; i++) {
      const email = `race-manager-${uuidv7()}@demo.verdant.test`;
      const created = await server.request({ method: 'POST', url: '/v1/staff', cookie: manager, body: { email, name: 'Manager', role: 'manager', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD } });
      expect(created.statusCode, created.body).toBe(201);
      const login = await server.request({ method: 'POST', url: '/v1/auth/login', body: { email, password: DEMO_PASSWORD } });
      expect(login.statusCode, login.body).toBe(200);
      managers.push(`verdant_session=${login.cookies.find((c) => c.name === 'verdant_session')!.value}`);
    }
  });
  afterAll(() => server?.close());

  it('one e-mail address added by 6 managers at once: one staff member, the rest 409 EMAIL_TAKEN, never a 500', async () => {
    const email = `race-${uuidv7()}@demo.verdant.test`;
    const answers = await Promise.all(
      managers.map((cookie) =>
        server.request({
          method: 'POST',
          url: '/v1/staff',
          cookie,
          body: { email, name: 'Hired twice', role: 'budtender', password: DEMO_PASSWORD, currentPassword: DEMO_PASSWORD },
        }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses, answers.map((a) => a.body).join('\n')).toEqual([201, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.statusCode === 409)) {
      expect(refused.json().error).toMatchObject({ code: 'EMAIL_TAKEN', details: { path: ['body', 'email'] } });
    }
    const rows = await server.platform.database.db.selectFrom('staff_user').select('id').where('email', '=', email).execute();
    expect(rows).toEqual([{ id: answers.find((a) => a.statusCode === 201)!.json().id }]);
  });
});
