import { z } from 'zod';
import { errorResponses, mutate, organizationOf, type RoutePlugin } from '../../platform/http';

/**
 * A write that changes nothing of the business but goes the whole way a real one does: session,
 * permission, transaction, audit row, outbox event, idempotency. The benchmark measures it.
 */
export const diagnosticsRoutes: RoutePlugin = (api, platform) => {
  api.post(
    '/v1/diagnostics/probe',
    {
      config: { permission: 'diagnostics:write' },
      schema: {
        tags: ['system'],
        summary: 'A no-op write with audit and outbox, for measuring request overhead',
        body: z.object({ note: z.string().max(200).optional() }).strict(),
        response: { 201: z.object({ recordedAt: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        const recordedAt = new Date().toISOString();
        await uow.audit({ action: 'diagnostics.probe', entityType: 'probe', entityId: null, after: { note: request.body.note ?? null } });
        await uow.emit({
          type: 'platform.probe.recorded',
          aggregateType: 'organization',
          aggregateId: organizationOf(request),
          payload: { note: request.body.note ?? null, recordedAt },
        });
        return { status: 201, body: { recordedAt } };
      }),
  );
};
