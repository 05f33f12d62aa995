import { sql } from 'kysely';
import { z } from 'zod';
import { errorBody } from './errors';
import { errorResponses, type RoutePlugin } from './http';

export const systemRoutes: RoutePlugin = (api, platform) => {
  api.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers and the database answers',
        security: [],
        response: { 200: z.object({ status: z.literal('ok'), database: z.string() }), 503: errorResponses[400] },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(platform.database.db);
        return { status: 'ok' as const, database: platform.database.kind };
      } catch {
        return reply.code(503).send(errorBody('DATABASE_UNAVAILABLE', 'The database does not answer.'));
      }
    },
  );

  api.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Readiness: migrated, workers running, not shutting down',
        security: [],
        response: { 200: z.object({ status: z.literal('ready') }), 503: errorResponses[400] },
      },
    },
    async (_request, reply) => {
      if (!platform.state.ready) return reply.code(503).send(errorBody('NOT_READY', 'Starting up or shutting down.'));
      return { status: 'ready' as const };
    },
  );

  // Metrics are operational data; scrape them from inside the network (see docs/operations.md).
  api.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', platform.metrics.registry.contentType);
    return platform.metrics.registry.metrics();
  });
};
