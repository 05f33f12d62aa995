import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPermission, permissionsOf } from '../../src/modules/staff/permissions';
import { startTestServer, type TestServer } from '../support/test-server';

// Nothing is reachable by default: every route names a permission or is on the public list, and
// the permission is checked before anything else happens.
const publicRoutes = new Set(['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json', 'POST /v1/auth/login']);
const isPublicByDesign = (method: string, url: string) =>
  publicRoutes.has(`${method} ${url}`) || url === '/docs' || url.startsWith('/docs/') || url.startsWith('/v1/public/') || (method === 'GET' && url.startsWith('/app/'));

function concrete(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => (/id$/i.test(name) ? '01900000-0000-7000-8000-00000000abcd' : 'x')).replace('*', 'x');
}

describe('route permissions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('every route declares a known permission or is public by design', () => {
    expect(server.routes.length).toBeGreaterThan(15);
    for (const route of server.routes) {
      if (route.public) {
        expect(isPublicByDesign(route.method, route.url), `${route.method} ${route.url} is public`).toBe(true);
      } else {
        expect(route.permission && isPermission(route.permission), `${route.method} ${route.url} → ${route.permission}`).toBe(true);
      }
    }
  });

  it('the browser apps are files only: served to anyone, nothing outside packages/web', async () => {
    const page = await server.request({ method: 'GET', url: '/app/driver/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const url of ['/app/package.json', '/app/../package.json', '/app/%2e%2e/server/package.json', '/app/driver/../../server/src/platform/config.ts']) {
      expect((await server.request({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });

  it('an anonymous call to any non-public route gets 401 and changes nothing', async () => {
    const before = await server.platform.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    for (const route of server.routes.filter((r) => !r.public)) {
      const response = await server.request({ method: route.method, url: concrete(route.url), body: ['GET', 'DELETE'].includes(route.method) ? undefined : {} });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.json().error.code).toBe('UNAUTHENTICATED');
    }
    const after = await server.platform.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a budtender on a route that needs a permission budtenders lack gets 403', async () => {
    const budtender = await server.login('budtender');
    const held = permissionsOf('budtender');
    const denied = server.routes.filter((r) => !r.public && !held.has(r.permission as never));
    expect(denied.length).toBeGreaterThan(5);
    expect(denied.map((r) => r.url)).toContain('/v1/staff');
    for (const route of denied) {
      const response = await server.request({
        method: route.method,
        url: concrete(route.url),
        cookie: budtender,
        body: ['GET', 'DELETE'].includes(route.method) ? undefined : {},
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
  });
});
