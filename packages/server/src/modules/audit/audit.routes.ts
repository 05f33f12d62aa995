import { sql } from 'kysely';
import { z } from 'zod';
import { badRequest } from '../../platform/errors';
import { assertStoreAccess, errorResponses, organizationOf, requireActor, storesVisibleTo, type RoutePlugin } from '../../platform/http';
import { verifyAuditChain } from './audit-chain';

const auditEntry = z
  .object({
    id: z.number(),
    occurredAt: z.string(),
    storeId: z.string().nullable(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
    chainSeq: z.number().nullable(),
    hash: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

/**
 * What only staff of every store may read (their routes answer others 403 STORE_NOT_ALLOWED): a
 * webhook subscription (its URL is often itself a credential; it receives every store's events)
 * and its deliveries, and API keys. Their audit rows carry no store, so without this a manager of
 * one store read in the audit log what the routes refuse them.
 */
const EVERY_STORE_ENTITIES = ['webhook_subscription', 'webhook_delivery', 'api_key'];

export const auditRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;

  api.get(
    '/v1/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Query the audit log by entity, actor, action and time range (newest first)',
        description:
          'Staff limited to some stores read those stores’ rows and the organization’s own, but of the rows about a person (entityType staff_user) only those of people who work at one of their stores or at every store; ' +
          'they do not see the rows of webhook subscriptions, webhook deliveries or API keys (for staff of every store, as their routes are); ' +
          'naming another store in storeId is 403 STORE_NOT_ALLOWED at that field. from is included and to is not; a to not after from is 400 VALIDATION_FAILED at to.',
        querystring: z
          .object({
            entityType: z.string().max(100).optional(),
            entityId: z.string().max(200).optional(),
            actorId: z.string().max(200).optional(),
            action: z.string().max(200).optional(),
            storeId: z.uuid().optional(),
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
            before: z.coerce.number().int().positive().optional().describe('Cursor: entries with a smaller id'),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          })
          .strict(),
        response: { 200: z.object({ entries: z.array(auditEntry), nextCursor: z.number().nullable() }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      // A range that ends before it starts holds nothing: answered with no entries, it read as
      // "nothing happened then" to an inspector who swapped the two.
      if (q.from && q.to && Date.parse(q.to) <= Date.parse(q.from)) {
        throw badRequest('VALIDATION_FAILED', 'to must be after from', [{ path: ['querystring', 'to'], message: 'to must be after from' }]);
      }
      if (q.storeId) assertStoreAccess(requireActor(request), q.storeId, ['querystring', 'storeId']);
      let query = db.selectFrom('audit_log').selectAll().where('organization_id', '=', organizationOf(request));
      if (q.entityType) query = query.where('entity_type', '=', q.entityType);
      if (q.entityId) query = query.where('entity_id', '=', q.entityId);
      if (q.actorId) query = query.where('actor_id', '=', q.actorId);
      if (q.action) query = query.where('action', '=', q.action);
      // Staff limited to some stores see those stores' rows and the organization's own (no store),
      // except the rows about a person: those of people who work at one of their stores or at
      // every store, as the staff list shows them (a person's stores as they are now), and the
      // rows of what is for staff of every store only (EVERY_STORE_ENTITIES).
      const stores = storesVisibleTo(requireActor(request), q.storeId);
      if (q.storeId) query = query.where('store_id', '=', q.storeId);
      else if (stores) {
        const theirPeople = sql<boolean>`exists (select 1 from staff_user s
           where s.id::text = audit_log.entity_id and s.organization_id = audit_log.organization_id
             and (cardinality(s.store_ids) = 0 or s.store_ids && ${sql.val(stores)}::uuid[]))`;
        query = query.where((eb) =>
          eb.or([
            eb('store_id', 'in', stores),
            eb.and([
              eb('store_id', 'is', null),
              eb('entity_type', 'not in', EVERY_STORE_ENTITIES),
              eb.or([eb('entity_type', '<>', 'staff_user'), eb('entity_id', 'is', null), theirPeople]),
            ]),
          ]),
        );
      }
      if (q.from) query = query.where('occurred_at', '>=', new Date(q.from));
      if (q.to) query = query.where('occurred_at', '<', new Date(q.to));
      if (q.before) query = query.where('id', '<', q.before);
      const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
      return {
        entries: rows.map((row) => ({
          id: row.id,
          occurredAt: new Date(row.occurred_at).toISOString(),
          storeId: row.store_id,
          actorType: row.actor_type,
          actorId: row.actor_id,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          before: row.before,
          after: row.after,
          reason: row.reason,
          requestId: row.request_id,
          chainSeq: row.chain_seq,
          hash: row.hash,
        })),
        nextCursor: rows.length === q.limit ? rows[rows.length - 1].id : null,
      };
    },
  );

  api.get(
    '/v1/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Check the audit hash chain and name the first broken row',
        description:
          'The chain is the server’s, one for every organization on it (decisions §3), so `checked` and `unsealed` count the whole server. A break in a row of another organization ' +
          'is reported without its id or details: the chain is broken, and the server’s operator finds where.',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            unsealed: z.number(),
            firstBreak: z
              .object({ auditId: z.number().nullable(), chainSeq: z.number(), problem: z.string(), message: z.string() })
              .nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const result = await verifyAuditChain(db);
      if (!result.firstBreak?.auditId) return result;
      const row = await db.selectFrom('audit_log').select('organization_id').where('id', '=', result.firstBreak.auditId).executeTakeFirst();
      if (!row || row.organization_id === organizationOf(request)) return result;
      // Another organization's row: say the chain is broken, not which of their rows or why.
      return { ...result, firstBreak: { auditId: null, chainSeq: result.firstBreak.chainSeq, problem: result.firstBreak.problem, message: 'The audit chain is broken at a row of another organization on this server; the server’s operator can find it.' } };
    },
  );
};
