// PostgreSQL only: two first PUTs of one alert rule key. Neither finds the rule (there is nothing
// to lock yet), so both insert; the one that loses the insert replaces the winner's rule, as a PUT
// that came second does. Both answer 200 and one of the two rules is in force. To make them meet
// every time, a connection of the test's own holds an uncommitted rule of that key: both inserts
// wait on it, and when it rolls back one insert goes first and the other meets it.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntilBlocked } from '../support/lock-waits';
import { startTestServer, type TestServer } from '../support/test-server';

describe('alert rules: first PUTs of one key racing (PostgreSQL)', () => {
  let server: TestServer;
  let owner: string;

  beforeAll(async () => {
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
    // The route's first request in this process is slow (its schemas are compiled then): made
    // here, so the racing PUTs reach the database together and queue behind the held row.
    const warm = await server.request({ method: 'PUT', url: '/v1/alerts/rules/orders.placed_warm_up', cookie: owner, body: rule('Warm up') });
    expect(warm.statusCode, warm.body).toBe(200);
  });
  afterAll(() => server?.close());

  const rule = (title: string) => ({
    ruleType: 'event',
    eventPattern: 'orders.order.placed',
    kind: 'a',
    severity: 'info',
    titleTemplate: title,
    dedupeTemplate: 'order:{{aggregateId}}',
  });

  it.each([1, 2, 3])('both answer 200 and the rule is one of the two (round %i)', async (round) => {
    const key = `orders.placed_race_${round}`;
    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    let answers: Array<{ statusCode: number; body: string }>;
    try {
      await holder.query('begin');
      await holder.query(
        `insert into alert_rule (id, organization_id, key, rule_type, event_pattern, kind, severity, title_template, dedupe_template)
         values (gen_random_uuid(), $1, $2, 'event', 'orders.order.placed', 'held', 'info', 'Held', 'held')`,
        [server.organizationId, key],
      );
      const racing = ['Order A', 'Order B'].map((title) => server.request({ method: 'PUT', url: `/v1/alerts/rules/${key}`, cookie: owner, body: rule(title) }));
      expect(await waitUntilBlocked(holder, 2)).toBe(true);
      await holder.query('rollback');
      answers = await Promise.all(racing);
    } finally {
      await holder.end();
    }
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual([200, 200]);

    const rows = await server.platform.database.db.selectFrom('alert_rule').selectAll().where('organization_id', '=', server.organizationId).where('key', '=', key).execute();
    expect(rows).toHaveLength(1);
    expect(['Order A', 'Order B']).toContain(rows[0].title_template);
    const shown = (await server.request({ method: 'GET', url: '/v1/alerts/rules', cookie: owner })).json().rules.filter((r: { key: string }) => r.key === key);
    expect(shown).toEqual([expect.objectContaining({ builtIn: false, titleTemplate: rows[0].title_template })]);
    // One created it, the other replaced it: the audit log says so, with what it replaced.
    const audit = await server.platform.database.db.selectFrom('audit_log').select(['action', 'before']).where('entity_id', '=', rows[0].id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['alerts.rule.created', 'alerts.rule.updated']);
    expect(audit[1].before).toMatchObject({ key });
  });
});
