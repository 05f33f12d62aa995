import { z } from 'zod';
import { assertStoreAccess, errorResponses, mutate, organizationOf, requireActor, type RoutePlugin } from '../../platform/http';
import { getStore } from '../organizations/organizations.service';
import { findGiftCard, hashGiftCardCode, issueGiftCard, moveBalance, storeCreditBalance } from './stored-value';
import { notFound } from '../../platform/errors';
import { assertCustomer } from '../customers';
import { paymentSettingsFor, setPaymentSettings } from './payments.service';

const giftCard = z
  .object({ id: z.uuid(), kind: z.string(), last4: z.string().nullable(), customerId: z.string().nullable(), balanceCents: z.number() })
  .meta({ id: 'StoredValueAccount' });
const cents = z.number().int().positive().max(100_000_00);
// Spaces and dashes are how a code is typed, not part of it: eight dashes are no code (they made
// a card whose code was empty, found by typing any run of dashes or spaces).
const code = z
  .string()
  .regex(/^[0-9 -]{8,32}$/, '8 to 32 digits')
  .refine((value) => value.replace(/[\s-]/g, '').length >= 8, 'at least 8 digits')
  .describe('The card’s code: 8 to 32 digits (spaces and dashes are ignored)');

export const paymentRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;

  api.post(
    '/v1/gift-cards',
    {
      config: { permission: 'pos:manage' },
      schema: {
        tags: ['payments'],
        summary: 'Issue a gift card; the code is shown once',
        body: z.object({ amountCents: cents, code: code.optional() }).strict(),
        response: { 201: giftCard.extend({ code: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => ({
        status: 201,
        body: await issueGiftCard(uow, { organizationId: organizationOf(request), ...request.body }),
      })),
  );

  // The code travels in the body, not the URL, so it stays out of access logs.
  api.post(
    '/v1/gift-cards/balance',
    {
      config: { permission: 'orders:read' },
      schema: { tags: ['payments'], summary: 'Look up a gift card balance', body: z.object({ code }).strict(), response: { 200: giftCard, ...errorResponses } },
    },
    async (request) => findGiftCard(db, organizationOf(request), request.body.code),
  );

  api.post(
    '/v1/gift-cards/load',
    {
      config: { permission: 'pos:manage' },
      schema: {
        tags: ['payments'],
        summary: 'Add value to a gift card',
        body: z.object({ code, amountCents: cents }).strict(),
        response: { 200: giftCard, ...errorResponses },
      },
    },
    async (request, reply) =>
      mutate(platform, request, reply, async (uow) => {
        const account = await uow.trx
          .selectFrom('stored_value_account')
          .select('id')
          .where('organization_id', '=', organizationOf(request))
          .where('code_hash', '=', hashGiftCardCode(request.body.code))
          .executeTakeFirst();
        if (!account) throw notFound('Gift card');
        const view = await moveBalance(uow, account.id, request.body.amountCents, 'load', null);
        await uow.audit({ action: 'gift_card.loaded', entityType: 'stored_value_account', entityId: account.id, after: view });
        return { status: 200, body: view };
      }),
  );

  api.get(
    '/v1/store-credit/:customerId',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags: ['payments'],
        summary: 'A customer’s store-credit balance',
        params: z.object({ customerId: z.uuid() }).strict(),
        response: { 200: z.object({ customerId: z.uuid(), balanceCents: z.number() }), ...errorResponses },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      // A customer of nobody, or of another organization, is 404, not a balance of 0.
      await assertCustomer(db, organizationId, request.params.customerId);
      return { customerId: request.params.customerId, balanceCents: await storeCreditBalance(db, organizationId, request.params.customerId) };
    },
  );

  const paymentSettings = z.object({ storeId: z.uuid(), cashRoundingCents: z.number(), cashDrawerRequired: z.boolean() }).meta({ id: 'StorePaymentSettings' });

  api.get(
    '/v1/stores/:id/payment-settings',
    {
      config: { permission: 'stores:read' },
      schema: {
        tags: ['payments'],
        summary: 'A store’s payment settings, as the register and checkout apply them',
        description: 'cashRoundingCents (1 = to the cent) and cashDrawerRequired (false) for a store that never set them. Staff limited to other stores get 403.',
        params: z.object({ id: z.uuid() }).strict(),
        response: { 200: paymentSettings, ...errorResponses },
      },
    },
    async (request) => {
      assertStoreAccess(requireActor(request), request.params.id);
      await getStore(db, organizationOf(request), request.params.id);
      return { storeId: request.params.id, ...(await paymentSettingsFor(db, request.params.id)) };
    },
  );

  api.put(
    '/v1/stores/:id/payment-settings',
    {
      config: { permission: 'stores:manage' },
      schema: {
        tags: ['payments'],
        summary: 'A store’s payment settings: its cash rounding rule, and whether register cash needs an open drawer',
        description:
          'What the body leaves out stays as it is (an empty body is 400). cashRoundingCents: cash totals are rounded half-up to this unit. ' +
          'cashDrawerRequired (default false): a register sale with a cash tender must name its open drawer session, and a pickup paid in cash is handed over at a drawer ' +
          '(422 REGISTER_SESSION_REQUIRED at body.registerSessionId otherwise, nothing taken or written); an online order placed to be paid in cash at the hand-over, a delivery ' +
          'paid at the door and non-cash tenders are not affected.',
        params: z.object({ id: z.uuid() }).strict(),
        body: z
          .object({
            cashRoundingCents: z.union([z.literal(1), z.literal(5), z.literal(10), z.literal(25)]).optional(),
            cashDrawerRequired: z.boolean().optional(),
          })
          .strict()
          .refine((b) => b.cashRoundingCents !== undefined || b.cashDrawerRequired !== undefined, { message: 'give cashRoundingCents or cashDrawerRequired' }),
        response: { 200: paymentSettings, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertStoreAccess(requireActor(request), request.params.id);
      await getStore(db, organizationOf(request), request.params.id);
      return mutate(platform, request, reply, async (uow) => {
        const { cashRoundingCents, cashDrawerRequired } = request.body;
        const settings = await setPaymentSettings(uow, request.params.id, {
          ...(cashRoundingCents !== undefined ? { cashRoundingCents } : {}),
          ...(cashDrawerRequired !== undefined ? { cashDrawerRequired } : {}),
        });
        return { status: 200, body: { storeId: request.params.id, ...settings } };
      });
    },
  );
};
