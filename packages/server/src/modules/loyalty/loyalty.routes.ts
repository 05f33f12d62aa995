import { loyaltyProgramSchema } from '@verdant/rules/promotions';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { assertEveryStore, errorResponses, mutate, organizationOf, requireActor, type RoutePlugin } from '../../platform/http';
import { assertCustomer } from '../customers';
import { loyaltyAccountSchema, loyaltyAccountWithHistorySchema, loyaltyProgramViewSchema } from './loyalty.schemas';
import { adjustPoints, getProgram, loyaltyAccount, loyaltyHistory, putProgram } from './loyalty.service';

const customerParams = z.object({ customerId: z.uuid() }).strict();

export const loyaltyRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;

  api.get(
    '/v1/loyalty/program',
    { config: { permission: 'customers:read' }, schema: { tags: ['loyalty'], summary: 'The organization’s loyalty program', response: { 200: loyaltyProgramViewSchema, ...errorResponses } } },
    async (request) => {
      const program = await getProgram(db, organizationOf(request));
      if (!program) throw new AppError(404, 'NOT_FOUND', 'This organization has no loyalty program.', { entity: 'LoyaltyProgram' });
      return program;
    },
  );

  api.put(
    '/v1/loyalty/program',
    {
      config: { permission: 'promotions:manage' },
      schema: {
        tags: ['loyalty'],
        summary: 'Set the loyalty program (earn rate, tiers, redemption)',
        description: 'The program is the organization’s, earned and spent in every store, so it is for staff of every store: staff limited to some stores get 403 STORE_NOT_ALLOWED.',
        body: z.object({ program: loyaltyProgramSchema, active: z.boolean().default(true) }).strict(),
        response: { 200: loyaltyProgramViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertEveryStore(requireActor(request), 'set the loyalty program: it applies in every store');
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await putProgram(uow, organizationOf(request), request.body) }));
    },
  );

  api.get(
    '/v1/loyalty/accounts/:customerId',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['loyalty'],
        summary: 'A customer’s points balance, tier and history (newest first)',
        params: customerParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), before: z.uuid().optional() }).strict(),
        response: { 200: loyaltyAccountWithHistorySchema, ...errorResponses },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      await assertCustomer(db, organizationId, request.params.customerId);
      const account = await loyaltyAccount(db, { organizationId, customerId: request.params.customerId });
      const history = await loyaltyHistory(db, { organizationId, customerId: request.params.customerId, ...request.query });
      return { ...account, history };
    },
  );

  api.post(
    '/v1/loyalty/accounts/:customerId/adjustments',
    {
      config: { permission: 'loyalty:adjust' },
      schema: {
        tags: ['loyalty'],
        summary: 'Add or remove points by hand, with a reason',
        params: customerParams,
        body: z.object({ points: z.number().int().min(-1_000_000).max(1_000_000).refine((n) => n !== 0, 'must not be zero'), reason: z.string().trim().min(3).max(500) }).strict(),
        response: { 200: loyaltyAccountSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      await assertCustomer(db, organizationId, request.params.customerId);
      return mutate(platform, request, reply, async (uow) => {
        // Again under a share lock: a merge of the customer commits before the points (and the
        // adjustment is refused, CUSTOMER_MERGED) or after them (and moves them).
        await assertCustomer(uow.trx, organizationId, request.params.customerId, { share: true });
        return { status: 200, body: await adjustPoints(uow, { organizationId, customerId: request.params.customerId, ...request.body }) };
      });
    },
  );
};
