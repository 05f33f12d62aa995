import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf } from '../../src/modules/staff/permissions';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { breakagesOf, openApiOperations, pathsOf, schemaArbitrary, valueAt, withValueAt, type ArbitraryContext, type JsonSchema, type Operation } from '../support/schema-arbitrary';
import { startTestServer, type TestServer } from '../support/test-server';

// Every operation in the OpenAPI document gets nearly valid requests built from its own schemas:
// path ids of rows that exist (of the right kind, of the wrong kind, of nobody), query strings,
// bodies with now and then a broken field. Whatever the request, the answer is never a 5xx, a
// refusal carries a stable code, and a request refused by validation changes nothing.

const RUNS = Number(process.env.ROUTE_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.ROUTE_FUZZ_SEED ?? 20261206);

// The honest 5xx answers: a mail server not set up, a state system that failed or refused.
const NOT_OURS = new Set(['503 MAIL_NOT_CONFIGURED', '502 STATE_SYSTEM_ERROR']);
const AUDITED_REFUSALS = new Set(['RESET_TOKEN_INVALID']);

// Where a path id's rows live, by the path segment before it or by the parameter's own name.
const TABLE_ALIASES: Record<string, string[]> = {
  staff: ['staff_user'],
  driver: ['staff_user'],
  witness: ['staff_user'],
  budtender: ['staff_user'],
  'dead-letters': ['outbox_delivery'],
  review: ['catalog_review_item'],
  refusals: ['compliance_event', 'storefront_pack_refusal'],
  caregivers: ['caregiver_link'],
  link: ['caregiver_link'],
  queue: ['register_queue_entry'],
  entry: ['register_queue_entry'],
  'parked-carts': ['sales_cart'],
  cart: ['sales_cart'],
  carts: ['sales_cart'],
  order: ['sales_order'],
  orders: ['sales_order'],
  accounts: ['customer'],
  patient: ['customer'],
  webhooks: ['webhook_subscription'],
  webhook: ['webhook_subscription'],
  deliveries: ['webhook_delivery'],
  delivery: ['webhook_delivery'],
  alerts: ['inventory_alert', 'alert'],
  alert: ['inventory_alert', 'alert'],
  package: ['inventory_package'],
  location: ['inventory_location'],
  fromLocation: ['inventory_location'],
  toLocation: ['inventory_location'],
  run: ['delivery_run'],
  'delivery-runs': ['delivery_run'],
  session: ['register_session'],
  'register-sessions': ['register_session'],
  reports: ['trace_report'],
  vehicle: ['delivery_vehicle'],
  code: ['promotion_code'],
  rule: ['alert_rule'],
  original: ['sales_order'],
};

const snake = (name: string) => name.replace(/-/g, '_').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const stem = (name: string) => name.replace(/Ids?$/, '').replace(/ies$/, 'y').replace(/s$/, '');

describe('every route: nearly valid requests never 5xx, and a validation refusal changes nothing', () => {
  let server: TestServer;
  let owner: string;
  let shopper: string;
  // An integration's API key with every permission: code that assumes a staff member is acting
  // (a staff id written as "verified by", a session) meets an actor that is not one.
  let apiKey: string;
  let asApiKey = false;
  let operations: Operation[];
  let components: Record<string, JsonSchema>;
  const idsByTable = new Map<string, string[]>();
  const valuesByField = new Map<string, string[]>();

  beforeAll(async () => {
    // No background workers: what a request writes is all that changes between two footprints.
    server = await startTestServer({ workers: false });
    owner = await server.login('owner');
    const db = server.platform.database.db;
    const store = await db.selectFrom('store').select('id').where('name', 'like', '%Oakland%').executeTakeFirstOrThrow();
    const signUp = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${store.id}/shoppers`,
      body: { email: 'route-fuzz@example.test', password: 'a-long-shopper-password', firstName: 'R', lastName: 'F', birthDate: '1980-01-01' },
    });
    expect(signUp.statusCode, signUp.body).toBe(201);
    shopper = String(signUp.headers['set-cookie']).split(';')[0];

    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.columns
      where table_schema = current_schema() and column_name = 'id' and data_type = 'uuid'`.execute(db);
    for (const { table_name: table } of tables.rows) {
      const rows = await sql<{ id: string }>`select id from ${sql.table(table)} order by id limit 4`.execute(db);
      idsByTable.set(table, rows.rows.map((r) => r.id));
    }
    // The key is kept out of the id pool, so no request revokes it before its test.
    const key = await server.request({ method: 'POST', url: '/v1/api-keys', cookie: owner, body: { name: 'route test', scopes: [...permissionsOf('owner')], currentPassword: DEMO_PASSWORD } });
    expect(key.statusCode, key.body).toBe(201);
    apiKey = key.json().key;
    idsByTable.set('api_key', (idsByTable.get('api_key') ?? []).filter((id) => id !== key.json().id));
    const labels = await sql<{ label: string }>`select label from inventory_package order by label limit 4`.execute(db);
    valuesByField.set('label', labels.rows.map((r) => r.label));
    valuesByField.set('packageLabel', labels.rows.map((r) => r.label));
    const slugs = await sql<{ slug: string }>`select slug from product order by slug limit 4`.execute(db).catch(() => ({ rows: [] as { slug: string }[] }));
    valuesByField.set('slug', slugs.rows.map((r) => r.slug));

    // Streams never end; logging out would end the session the rest of the test uses.
    ({ operations, components } = await openApiOperations(server, (path) => path.endsWith('/stream') || path === '/v1/auth/logout' || path === '/v1/shop/session'));
  });
  afterAll(() => server?.close());

  const allIds = () => [...idsByTable.values()].flat();
  function idsFor(...names: string[]): string[] {
    for (const name of names) {
      const tables = TABLE_ALIASES[name] ?? TABLE_ALIASES[stem(name)] ?? [...idsByTable.keys()].filter((t) => t === snake(stem(name)) || t.endsWith(`_${snake(stem(name))}`));
      const ids = tables.flatMap((t) => idsByTable.get(t) ?? []);
      if (ids.length) return ids;
    }
    return [];
  }
  const context = (breakFields = true): ArbitraryContext => ({
    breakFields,
    components,
    idsFor: (field) => {
      const ids = idsFor(field);
      return ids.length ? ids : allIds().slice(0, 12);
    },
    valuesFor: (field) => valuesByField.get(field) ?? [],
  });

  /** Ids of rows that suit a path parameter: by its own name, else by the segment before it. */
  function knownFor(operation: Operation, name: string, schema: JsonSchema): string[] {
    const segments = operation.path.split('/');
    const before = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
    if (schema.format !== 'uuid') return valuesByField.get(name) ?? [];
    return name === 'id' ? idsFor(before) : idsFor(name, before);
  }

  function pathParameter(operation: Operation, name: string, schema: JsonSchema): fc.Arbitrary<string> {
    const known = knownFor(operation, name, schema);
    const generated = schemaArbitrary(schema, context(), name).map((v) => String(v));
    const wrongKind = schema.format === 'uuid' ? fc.constantFrom(...allIds()) : fc.constant('0');
    const garbage = fc.constantFrom('x', '0', '-1', '%00', '%2e%2e', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0190f1f1-0000-7000-8000-00000000000g', 'a'.repeat(300));
    return fc.oneof(
      ...(known.length ? [{ weight: 6, arbitrary: fc.constantFrom(...known) }] : []),
      { weight: 2, arbitrary: generated },
      { weight: 1, arbitrary: wrongKind },
      { weight: 1, arbitrary: garbage },
    );
  }

  /** Parts of a request: `path:x`, `query:x`, `header:x` and `body`. Unbroken: only what the schemas allow. */
  function requestArbitrary(operation: Operation, breakFields = true) {
    const parts: Record<string, fc.Arbitrary<unknown>> = {};
    for (const parameter of operation.parameters) {
      if (parameter.in === 'path') {
        const known = knownFor(operation, parameter.name, parameter.schema);
        parts[`path:${parameter.name}`] = breakFields || !known.length ? pathParameter(operation, parameter.name, parameter.schema) : fc.constantFrom(...known);
      } else if (parameter.in === 'query' || parameter.in === 'header') {
        const value = schemaArbitrary(parameter.schema, context(breakFields), parameter.name);
        parts[`${parameter.in}:${parameter.name}`] = parameter.required ? value : fc.option(value, { nil: undefined });
      }
    }
    if (operation.body) {
      const body = schemaArbitrary(operation.body, context(breakFields));
      parts.body = breakFields ? fc.oneof({ weight: 8, arbitrary: body }, { weight: 1, arbitrary: fc.anything() }) : body;
    }
    return fc.record(parts);
  }

  function build(operation: Operation, parts: Record<string, unknown>) {
    let url = operation.path;
    const query = new URLSearchParams();
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(parts)) {
      const [where, name] = key.split(':');
      if (where === 'path') url = url.replace(`{${name}}`, encodeURIComponent(String(value).replace(/[\ud800-\udfff]/g, '\ufffd')).replace(/%25/g, '%'));
      else if (where === 'query' && value !== undefined) {
        if (Array.isArray(value)) for (const item of value) query.append(name, String(item));
        else query.append(name, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
      } else if (where === 'header' && value !== undefined) headers[name] = String(value).replace(/[^\x20-\x7e]/g, '?');
    }
    const search = query.toString();
    const staffRoute = !operation.path.startsWith('/v1/shop/') && !operation.path.startsWith('/v1/public/');
    const cookie = operation.path.startsWith('/v1/shop/') ? shopper : staffRoute && !asApiKey ? owner : undefined;
    if (staffRoute && asApiKey) headers.authorization = `Bearer ${apiKey}`;
    const hasBody = 'body' in parts;
    return {
      method: operation.method,
      url: search ? `${url}?${search}` : url,
      cookie,
      headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
      body: hasBody ? JSON.stringify(parts.body ?? null) : undefined,
    };
  }

  const footprint = async () => {
    const db = server.platform.database.db;
    const row = await sql<Record<string, string>>`
      select (select count(*) from audit_log) as audit, (select count(*) from outbox_event) as events,
             (select count(*) from sales_order) as orders, (select count(*) from inventory_movement) as movements,
             (select count(*) from payment) as payments, (select count(*) from customer) as customers,
             (select count(*) from compliance_event) as compliance`.execute(db);
    return row.rows[0];
  };

  const seenStatuses = new Map<number, number>();

  /** Sends one request; answers what was wrong with the answer, or null. */
  async function problemWith(operation: Operation, parts: Record<string, unknown>): Promise<string | null> {
    const request = build(operation, parts);
    const before = await footprint();
    const response = await server.request(request);
    seenStatuses.set(response.statusCode, (seenStatuses.get(response.statusCode) ?? 0) + 1);
    const shown = `${request.method} ${request.url} ${request.body ?? ''}`.slice(0, 400);
    const code = response.statusCode >= 400 ? (response.json() as { error?: { code?: unknown } }).error?.code : undefined;
    if (response.statusCode >= 500 && !NOT_OURS.has(`${response.statusCode} ${String(code)}`)) return `${shown} → ${response.statusCode} ${response.body.slice(0, 300)}`;
    if (response.statusCode >= 400) {
      if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(code)) return `${shown} → ${response.statusCode} no stable code: ${response.body.slice(0, 300)}`;
      if (response.statusCode === 400) {
        const after = await footprint();
        // A few refusals are themselves evidence and write their audit row (a wrong reset token).
        if (AUDITED_REFUSALS.has(code)) after.audit = before.audit;
        if (JSON.stringify(after) !== JSON.stringify(before)) return `${shown} → 400 ${response.body.slice(0, 200)} but wrote ${JSON.stringify(before)} → ${JSON.stringify(after)}`;
      }
    }
    return null;
  }

  /** Random nearly valid requests at every operation; answers what went wrong, per operation. */
  async function randomPass(runs: number, seed: number): Promise<string[]> {
    const failures: string[] = [];
    for (const operation of operations) {
      let problem = '';
      try {
        await fc.assert(
          fc.asyncProperty(requestArbitrary(operation), async (parts) => {
            const found = await problemWith(operation, parts);
            if (found) {
              problem = found;
              throw new Error(found);
            }
          }),
          { numRuns: runs, seed },
        );
      } catch (error) {
        failures.push(`${operation.method} ${operation.path}: ${problem || String((error as Error).message).slice(0, 400)}`);
      }
    }
    return failures;
  }

  it('answers every operation of the OpenAPI document without a 5xx', async () => {
    expect(operations.length).toBeGreaterThan(150);
    const failures = await randomPass(RUNS, SEED);
    expect(failures, failures.join('\n\n')).toEqual([]);
    // The requests are near enough to valid that many get through: the routes' own logic ran, not
    // only their schemas.
    const all = [...seenStatuses.values()].reduce((a, b) => a + b, 0);
    const succeeded = [...seenStatuses].filter(([status]) => status < 300).reduce((a, [, n]) => a + n, 0);
    expect(succeeded / all, JSON.stringify(Object.fromEntries(seenStatuses))).toBeGreaterThan(0.1);
  }, 600_000);

  it('breaks one field at a time of a request the schema allows: never a 5xx', async () => {
    // Systematic where the test above is random: each query parameter and each field of the body,
    // at any depth, replaced in turn by a NUL, half a surrogate pair, a number past int4, …
    const failures: string[] = [];
    let sent = 0;
    for (const operation of operations) {
      const [base] = fc.sample(requestArbitrary(operation, false), { numRuns: 1, seed: SEED });
      const problems = new Set<string>();
      for (const key of Object.keys(base).filter((k) => k === 'body' || k.startsWith('query:'))) {
        for (const path of pathsOf(base[key])) {
          for (const broken of breakagesOf(valueAt(base[key], path))) {
            sent++;
            const found = await problemWith(operation, { ...base, [key]: withValueAt(base[key], path, broken) });
            if (found) problems.add(found);
          }
        }
      }
      if (problems.size) failures.push(`${operation.method} ${operation.path}:\n  ${[...problems].slice(0, 3).join('\n  ')}`);
    }
    expect(sent).toBeGreaterThan(500);
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 600_000);

  it('answers an integration’s API key on every operation without a 5xx', async () => {
    asApiKey = true;
    seenStatuses.clear();
    try {
      const failures = await randomPass(Math.ceil(RUNS / 2), SEED + 1);
      expect(failures, failures.join('\n\n')).toEqual([]);
      // The key works: only the routes that need a person's session (their own password…) say 401.
      const all = [...seenStatuses.values()].reduce((a, b) => a + b, 0);
      expect((seenStatuses.get(401) ?? 0) / all, JSON.stringify(Object.fromEntries(seenStatuses))).toBeLessThan(0.1);
    } finally {
      asApiKey = false;
    }
  }, 600_000);
});
