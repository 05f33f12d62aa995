// The online store's own API: shoppers sign up and sign in at a store's storefront, then shop for
// themselves. Carts, holds, the limit meter, prices, taxes and completion are the same services
// the staff routes use (docs/orders-and-checkout.md); what differs is who may act: the customer
// is the session's, never an id from the request, and another shopper's cart or order is 404.
// Where the store requires it (SHOP_EMAIL_VERIFICATION), a shopper's cart holds stock and becomes
// an order only once they have confirmed their e-mail address by the link mailed to it.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { birthDate } from '../../platform/sql-date';
import { systemContext } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { contextOf, errorResponses, idempotencyOf, mutate, mutateOnce, requireActor, type RoutePlugin } from '../../platform/http';
import { inTransaction, type Db } from '../../platform/unit-of-work';
import { completeCart, completionAnswer, completionSchema, lineInputSchema, orderSchema } from '../checkout';
import { storePickupModes } from '../compliance';
import {
  assertCustomer,
  assertShopperEmailVerified,
  customerSummary,
  openShopperSession,
  requestEmailVerification,
  requestPasswordReset,
  resetShopperPassword,
  RESET_TTL_MINUTES,
  shopperEmailState,
  signInShopper,
  signOutShopper,
  signUpShopper,
  SHOPPER_COOKIE,
  SHOPPER_PERMISSION,
  phoneNumber,
  VERIFICATION_TTL_HOURS,
  verifyShopperEmail,
  type ShopperPolicy,
} from '../customers';
import {
  abandonCart,
  cartSchema,
  createCart,
  fulfillmentSchema,
  getOrder,
  listCustomerOrders,
  loadCart,
  orderRefundOf,
  orderRefundsOf,
  orderRefundOwedSchema,
  PICKUP_MODE_NOTE,
  refreshCartHold,
  refundOrderPayments,
  transitionOrder,
  setCartFulfillment,
  setCartLines,
  viewCart,
} from '../orders';
import { assertStoreOpen, STORE_STATUSES } from '../organizations/organizations.service';
import { HAND_OVER_MODES } from '@verdant/rules';

const storeParams = z.object({ storeId: z.uuid() }).strict();
const idParams = z.object({ id: z.uuid() }).strict();
const shopperAccount = z
  .object({
    email: z.string(),
    emailVerified: z.boolean(),
    emailVerifiedAt: z.string().nullable(),
    emailVerificationRequired: z.boolean().describe('Whether this store holds stock and takes orders only for a confirmed e-mail address (SHOP_EMAIL_VERIFICATION)'),
  })
  .describe('The sign-in: its e-mail address and whether the shopper has confirmed it by the mailed link');
const signedIn = z.object({ customer: customerSummary, account: shopperAccount, expiresAt: z.string() });
const completionResponses = { 200: completionSchema, 201: completionSchema, 402: errorResponses[409], ...errorResponses };
/**
 * The refund an ended order owes, as the staff order view shows it (`refund`): null for an order
 * that owes none (not cancelled or a no-show, never paid, or paid in cash never collected).
 */
const shopOrderSchema = orderSchema.extend({ refund: orderRefundOwedSchema }).meta({ id: 'ShopOrder' });
const orderSummary = orderSchema.omit({ lines: true }).extend({ refund: orderRefundOwedSchema });
const endedWithRefund = (status: string) => status === 'cancelled' || status === 'no_show';
/** A shopper may call an order off until it leaves the store; after that, the store decides. */
const CANCELLABLE = new Set(['placed', 'accepted', 'packed', 'ready']);

/** The signed-in shopper: their customer id and organization. */
function shopperOf(request: FastifyRequest): { customerId: string; organizationId: string } {
  const actor = requireActor(request);
  if (actor.type !== 'customer' || !actor.id || !actor.organizationId) throw new AppError(403, 'FORBIDDEN', 'Only a signed-in shopper shops here.');
  return { customerId: actor.id, organizationId: actor.organizationId };
}

/** The shopper's own cart; someone else's is not found, as if it did not exist. */
async function ownCart(db: Db, request: FastifyRequest, cartId: string) {
  const { customerId, organizationId } = shopperOf(request);
  const cart = await loadCart(db, organizationId, cartId);
  if (cart.customer_id !== customerId) throw notFound('Cart', cartId);
  return { cart, organizationId };
}

async function organizationOfStore(db: Db, storeId: string): Promise<string> {
  const store = await db.selectFrom('store').select('organization_id').where('id', '=', storeId).executeTakeFirst();
  if (!store) throw notFound('Store', storeId);
  return store.organization_id;
}

export const shopRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;
  const { config } = platform;
  const policy: ShopperPolicy = {
    maxFailures: config.LOGIN_MAX_FAILURES,
    lockoutMinutes: config.LOGIN_LOCKOUT_MINUTES,
    sessionTtlHours: config.SHOPPER_SESSION_TTL_HOURS,
  };
  const setSessionCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(SHOPPER_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: config.COOKIE_SECURE, path: '/', expires: expiresAt });
  const rateLimit = { max: config.LOGIN_RATE_PER_MINUTE, timeWindow: 60_000 };
  const mailConfigured = (message: string) => {
    if (!config.SMTP_URL) throw new AppError(503, 'MAIL_NOT_CONFIGURED', message);
  };
  // Ordering online (holding stock, placing the order) needs a confirmed address (docs/orders-and-checkout.md).
  const verificationRequired = config.SHOP_EMAIL_VERIFICATION === 'required';
  const accountOf = async (customerId: string) => ({ ...(await shopperEmailState(db, customerId)), emailVerificationRequired: verificationRequired });

  // ---- the store ----------------------------------------------------------------------------

  api.get(
    '/v1/public/stores/:storeId',
    {
      config: { public: true },
      schema: {
        tags: ['shop'],
        summary: 'The store as its online store shows it: its name, its time zone, whether it is open and how a pickup may be handed over',
        description:
          'The online store shows times on the store’s clock (until when items are held, when an order was placed), whatever time zone the shopper’s device is set to. ' +
          'A store that is closed or retired still answers (its shoppers can see and cancel their orders), with its status; its menu and new carts are refused (409 STORE_NOT_OPEN). ' +
          '`pickupModes` are the hand-over modes a pickup may name today (`pickup.mode` of PUT /v1/shop/carts/:id/fulfillment): those the store’s jurisdiction pack allows on the store’s date and the store offers (its `pickupModesOffered`). ' +
          '404 for an unknown store.',
        security: [],
        params: storeParams,
        response: {
          200: z.object({
            id: z.string(),
            name: z.string(),
            timezone: z.string().describe('IANA time zone, e.g. America/Los_Angeles'),
            status: z.enum(STORE_STATUSES).describe('open, closed (for a while) or retired (for good): only an open store takes carts and orders'),
            pickupModes: z
              .array(z.enum(HAND_OVER_MODES))
              .describe(
                'How a pickup may be handed over at this store today: in_store (at the counter) always, curbside and drive_through only where the store’s jurisdiction pack ' +
                  'has a rule in effect that allows them and the store offers them (a mode the pack bans or says nothing about, or one the store does not offer, is not listed). ' +
                  'Empty when no pack of the store’s jurisdiction is in effect.',
              ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const store = await db
        .selectFrom('store')
        .select(['id', 'name', 'timezone', 'status', 'jurisdiction', 'pickup_modes_offered'])
        .where('id', '=', request.params.storeId)
        .executeTakeFirst();
      if (!store) throw notFound('Store', request.params.storeId);
      const { jurisdiction: _jurisdiction, pickup_modes_offered: pickupModesOffered, ...shown } = store;
      return { ...shown, pickupModes: await storePickupModes(db, { ...store, pickupModesOffered }) };
    },
  );

  // ---- accounts -----------------------------------------------------------------------------

  api.post(
    '/v1/public/stores/:storeId/shoppers',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['shop'],
        summary: 'Open an online-store account at this store’s storefront; signs the shopper in',
        description:
          'Creates the shopper’s customer record (adult use) and their sign-in, and sets an httpOnly cookie. Age and limits are the store’s pack’s, checked when items ' +
          'are added to a cart and again at completion; the ID is checked at pickup or at the door. 409 EMAIL_TAKEN when the e-mail has an account in the organization. ' +
          'Where confirmation is required (`account.emailVerificationRequired`), a link to confirm the address is mailed to it; until it is opened the shopper ' +
          'may fill a cart but holds no stock and places no order.',
        security: [],
        params: storeParams,
        body: z
          .object({
            email: z.email().max(320),
            password: z.string().min(10, 'at least 10 characters').max(200),
            firstName: z.string().trim().min(1).max(100),
            lastName: z.string().trim().min(1).max(100),
            birthDate,
            phone: phoneNumber.optional(),
            consentMarketing: z.boolean().optional(),
          })
          .strict(),
        response: { 201: signedIn, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const organizationId = await organizationOfStore(db, request.params.storeId);
      const created = await inTransaction(platform.tx, { ...systemContext(organizationId), requestId: String(request.id) }, async (uow) => {
        const account = await signUpShopper(uow, organizationId, request.body, policy);
        if (verificationRequired) await requestEmailVerification(uow, { organizationId, storeId: request.params.storeId, customerId: account.customer.id });
        return account;
      });
      setSessionCookie(reply, created.token, created.expiresAt);
      reply.code(201);
      const customerId = created.customer.id;
      return { customer: await assertCustomer(db, organizationId, customerId), account: await accountOf(customerId), expiresAt: created.expiresAt.toISOString() };
    },
  );

  api.post(
    '/v1/public/stores/:storeId/shoppers/sign-in',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['shop'],
        summary: 'Sign in to the online store with e-mail and password; sets an httpOnly cookie',
        description: '401 INVALID_CREDENTIALS; after too many failures in a row the account is locked for a while (429 ACCOUNT_LOCKED).',
        security: [],
        params: storeParams,
        body: z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(200) }).strict(),
        response: { 200: signedIn, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const organizationId = await organizationOfStore(db, request.params.storeId);
      // A failure's counter and audit row are committed before the error is answered.
      const outcome = await inTransaction(platform.tx, { ...systemContext(organizationId), requestId: String(request.id) }, (uow) =>
        signInShopper(uow, organizationId, request.body, policy),
      );
      if (!outcome.ok) throw outcome.error;
      setSessionCookie(reply, outcome.signedIn.token, outcome.signedIn.expiresAt);
      const customerId = outcome.signedIn.customer.id;
      return { customer: await assertCustomer(db, organizationId, customerId), account: await accountOf(customerId), expiresAt: outcome.signedIn.expiresAt.toISOString() };
    },
  );

  // ---- forgotten passwords ------------------------------------------------------------------

  const password = z.string().min(10, 'at least 10 characters').max(200);

  api.post(
    '/v1/public/stores/:storeId/shoppers/password-reset',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['shop'],
        summary: 'Ask for a password-reset link by e-mail',
        description:
          'Answers 202 whether or not the e-mail has an account (nothing tells a stranger who shops here); an account gets a link to this store’s online store, ' +
          `good once for ${RESET_TTL_MINUTES} minutes. 503 MAIL_NOT_CONFIGURED when this Verdant sends no e-mail (SMTP_URL unset).`,
        security: [],
        params: storeParams,
        body: z.object({ email: z.string().trim().min(3).max(320) }).strict(),
        response: { 202: z.object({ requested: z.literal(true) }), ...errorResponses, 429: errorResponses[400], 503: errorResponses[400] },
      },
    },
    async (request, reply) => {
      mailConfigured('This store sends no e-mail: ask the store to help you sign in.');
      const organizationId = await organizationOfStore(db, request.params.storeId);
      await inTransaction(platform.tx, { ...systemContext(organizationId), requestId: String(request.id) }, (uow) =>
        requestPasswordReset(uow, { organizationId, storeId: request.params.storeId, email: request.body.email }),
      );
      reply.code(202);
      return { requested: true as const };
    },
  );

  api.post(
    '/v1/public/stores/:storeId/shoppers/password',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['shop'],
        summary: 'Set a new password with the token from a reset e-mail; signs the shopper in',
        description:
          'The token works once and only until it expires; the new password ends every other session of the account and lifts a lockout. ' +
          'The link reached the account’s address, so the address counts as confirmed from then on. ' +
          '400 RESET_TOKEN_INVALID (unknown, used or expired) changes nothing.',
        security: [],
        params: storeParams,
        body: z.object({ token: z.string().min(20).max(100), password }).strict(),
        response: { 200: signedIn, ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const organizationId = await organizationOfStore(db, request.params.storeId);
      // A refused token's audit row is committed before the error is answered.
      const outcome = await inTransaction(platform.tx, { ...systemContext(organizationId), requestId: String(request.id) }, async (uow) => {
        const reset = await resetShopperPassword(uow, { organizationId, ...request.body });
        return reset.ok ? { ...reset, session: await openShopperSession(uow, organizationId, reset.customerId, policy) } : reset;
      });
      if (!outcome.ok) throw outcome.error;
      setSessionCookie(reply, outcome.session.token, outcome.session.expiresAt);
      return { customer: await assertCustomer(db, organizationId, outcome.customerId), account: await accountOf(outcome.customerId), expiresAt: outcome.session.expiresAt.toISOString() };
    },
  );

  // ---- confirming the e-mail address --------------------------------------------------------

  api.post(
    '/v1/public/stores/:storeId/shoppers/verify-email',
    {
      config: { public: true, rateLimit },
      schema: {
        tags: ['shop'],
        summary: 'Confirm the shopper’s e-mail address with the token from the link mailed to it',
        description:
          `The link works for ${VERIFICATION_TTL_HOURS} hours, and only for the address it was mailed to; confirming spends every other open link of the account. ` +
          'It does not sign anyone in. A link of an address confirmed already (the same link opened again, or an older one) answers 200 with ' +
          '`alreadyVerified: true` and changes nothing. 400 VERIFICATION_TOKEN_INVALID (unknown, expired, or for an address the account no longer has) changes nothing.',
        security: [],
        params: storeParams,
        body: z.object({ token: z.string().min(20).max(100) }).strict(),
        response: { 200: z.object({ emailVerified: z.literal(true), alreadyVerified: z.boolean() }), ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request) => {
      const organizationId = await organizationOfStore(db, request.params.storeId);
      const verified = await inTransaction(platform.tx, { ...systemContext(organizationId), requestId: String(request.id) }, (uow) =>
        verifyShopperEmail(uow, { organizationId, token: request.body.token }),
      );
      return { emailVerified: true as const, alreadyVerified: verified.alreadyVerified };
    },
  );

  api.post(
    '/v1/shop/me/verification-email',
    {
      config: { permission: SHOPPER_PERMISSION, rateLimit },
      schema: {
        tags: ['shop'],
        summary: 'Mail the link that confirms the shopper’s e-mail address again',
        description:
          'The link opens this store’s online store. Answers 202 whether or not a mail goes out: none when the address is confirmed already, or when the account has had ' +
          `five links in the last hour (the audit row says which). The link works for ${VERIFICATION_TTL_HOURS} hours. 404 for a store of another organization; ` +
          '503 MAIL_NOT_CONFIGURED when this Verdant sends no e-mail (SMTP_URL unset).',
        body: z.object({ storeId: z.uuid() }).strict(),
        response: { 202: z.object({ requested: z.literal(true) }), ...errorResponses, 429: errorResponses[400], 503: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const { customerId, organizationId } = shopperOf(request);
      mailConfigured('This store sends no e-mail, so it has no link to send.');
      if ((await organizationOfStore(db, request.body.storeId)) !== organizationId) throw notFound('Store', request.body.storeId);
      await inTransaction(platform.tx, contextOf(request), (uow) => requestEmailVerification(uow, { organizationId, storeId: request.body.storeId, customerId }));
      reply.code(202);
      return { requested: true as const };
    },
  );

  api.post(
    '/v1/shop/sign-out',
    { config: { permission: SHOPPER_PERMISSION }, schema: { tags: ['shop'], summary: 'End this shopper session', response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      shopperOf(request);
      await inTransaction(platform.tx, contextOf(request), (uow) => signOutShopper(uow, requireActor(request).sessionId as string));
      reply.clearCookie(SHOPPER_COOKIE, { path: '/' });
      reply.code(204);
      return null;
    },
  );

  api.get(
    '/v1/shop/me',
    {
      config: { permission: SHOPPER_PERMISSION },
      schema: { tags: ['shop'], summary: 'The signed-in shopper, and whether their e-mail address is confirmed', response: { 200: z.object({ customer: customerSummary, account: shopperAccount }), ...errorResponses } },
    },
    async (request) => {
      const { customerId, organizationId } = shopperOf(request);
      return { customer: await assertCustomer(db, organizationId, customerId), account: await accountOf(customerId) };
    },
  );

  // ---- carts --------------------------------------------------------------------------------

  api.post(
    '/v1/shop/carts',
    {
      config: { permission: SHOPPER_PERMISSION },
      schema: {
        tags: ['shop'],
        summary: 'Start a cart (pickup or delivery) at a store of the shopper’s organization',
        description: '409 STORE_NOT_OPEN (path body.storeId) at a store that is closed or retired; 404 for a store of another organization. A refusal writes nothing.',
        body: z.object({ storeId: z.uuid(), channel: z.enum(['pickup', 'delivery']) }).strict(),
        response: { 201: cartSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { customerId, organizationId } = shopperOf(request);
      return mutate(platform, request, reply, async (uow) => {
        await assertStoreOpen(uow.trx, organizationId, request.body.storeId, ['body', 'storeId']);
        return { status: 201, body: await createCart(uow, { organizationId, customerId, ...request.body }) };
      });
    },
  );

  api.get(
    '/v1/shop/carts/:id',
    {
      config: { permission: SHOPPER_PERMISSION },
      schema: {
        tags: ['shop'],
        summary: 'The shopper’s cart, priced and checked now',
        description: 'Answers at a store closed or retired too, with its `storeStatus` (the online store says the store is closed); changing the lines and placing the order are 409 STORE_NOT_OPEN there.',
        params: idParams,
        response: { 200: cartSchema, ...errorResponses },
      },
    },
    async (request) => viewCart(db, (await ownCart(db, request, request.params.id)).cart),
  );

  api.put(
    '/v1/shop/carts/:id/lines',
    {
      config: { permission: SHOPPER_PERMISSION },
      schema: {
        tags: ['shop'],
        summary: 'Replace the cart’s lines: checked by the store’s pack against the shopper’s history, stock held; answers the live limit meter',
        description:
          'A refusal changes nothing: 422 COMPLIANCE_BLOCKED with the meter, 409 INSUFFICIENT_STOCK, 422 for an item the store does not sell. ' +
          'A delivery cart where the pack wants the customer pre-verified (US-MA) is refused until staff have checked the shopper’s ID in person ' +
          '(violation DELIVERY_PRE_VERIFICATION_REQUIRED, details.path ["cart", "customerId"]). ' +
          'A shopper whose e-mail address must be confirmed first (`account` of /v1/shop/me) gets the lines checked and priced, but nothing held (`hold: null`).',
        params: idParams,
        body: z.object({ lines: z.array(lineInputSchema.omit({ packageLabel: true })).max(50) }).strict(),
        response: { 200: cartSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { customerId } = shopperOf(request);
      const { organizationId } = await ownCart(db, request, request.params.id);
      return mutate(platform, request, reply, async (uow) => {
        const hold = !verificationRequired || (await shopperEmailState(uow.trx, customerId)).emailVerified;
        return { status: 200, body: await setCartLines(uow, organizationId, request.params.id, request.body.lines, ['body', 'lines'], { hold }) };
      });
    },
  );

  api.put(
    '/v1/shop/carts/:id/fulfillment',
    {
      config: { permission: SHOPPER_PERMISSION },
      schema: { tags: ['shop'], summary: 'Pickup or delivery details', description: PICKUP_MODE_NOTE, params: idParams, body: fulfillmentSchema, response: { 200: cartSchema, ...errorResponses } },
    },
    async (request, reply) => {
      const { organizationId } = await ownCart(db, request, request.params.id);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await setCartFulfillment(uow, organizationId, request.params.id, request.body) }));
    },
  );

  api.post(
    '/v1/shop/carts/:id/hold',
    {
      config: { permission: SHOPPER_PERMISSION },
      schema: {
        tags: ['shop'],
        summary: 'Keep the stock held while the shopper is active, or hold it again',
        description: '403 EMAIL_NOT_VERIFIED, changing nothing, while the store requires a confirmed e-mail address and the shopper has not confirmed theirs.',
        params: idParams,
        response: { 200: cartSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { customerId } = shopperOf(request);
      const { organizationId } = await ownCart(db, request, request.params.id);
      return mutate(platform, request, reply, async (uow) => {
        if (verificationRequired) await assertShopperEmailVerified(uow.trx, customerId);
        return { status: 200, body: await refreshCartHold(uow, organizationId, request.params.id) };
      });
    },
  );

  api.delete(
    '/v1/shop/carts/:id',
    { config: { permission: SHOPPER_PERMISSION }, schema: { tags: ['shop'], summary: 'Abandon the cart and release its hold', params: idParams, response: { 200: cartSchema, ...errorResponses } } },
    async (request, reply) => {
      const { organizationId } = await ownCart(db, request, request.params.id);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await abandonCart(uow, organizationId, request.params.id) }));
    },
  );

  api.post(
    '/v1/shop/carts/:id/complete',
    {
      config: { permission: SHOPPER_PERMISSION },
      schema: {
        tags: ['shop'],
        summary: 'Place the order; it is paid at pickup or at the door',
        description:
          'The same completion as staff use (one transaction, compliance checked again against the history, the hold converted). Payment is cash collected at hand-over, ' +
          'so the order is not paid ahead. Safe to retry: the cart has at most one order (200, `idempotent-replayed: true`). Refusals change nothing: CART_EMPTY, HOLD_EXPIRED, ' +
          'FULFILLMENT_REQUIRED, COMPLIANCE_BLOCKED (for a delivery, DELIVERY_PRE_VERIFICATION_REQUIRED where the pack wants the shopper pre-verified and they are not, logged; ' +
          'for a pickup, PICKUP_MODE_NOT_ALLOWED where the pack in effect no longer allows its curbside or drive-through mode, details.path ["cart", "fulfillment", "mode"], logged), ' +
          '422 PICKUP_MODE_NOT_OFFERED at cart.fulfillment.mode where the store stopped offering the pickup’s mode after it was set (not logged: set the details again), ' +
          'and 403 EMAIL_NOT_VERIFIED while the store requires a confirmed e-mail address and the shopper has not confirmed theirs.',
        params: idParams,
        body: z.object({ loyaltyPoints: z.number().int().min(1).max(10_000_000).optional() }).strict(),
        response: completionResponses,
      },
    },
    async (request, reply) => {
      const { customerId } = shopperOf(request);
      const { cart } = await ownCart(db, request, request.params.id);
      // A cart that has its order answers it again (a retry), whatever the gate says now.
      if (verificationRequired && !cart.order_id) await assertShopperEmailVerified(db, customerId);
      const result = await completeCart(platform, contextOf(request), {
        cartId: request.params.id,
        tenders: [{ kind: 'cash' }],
        ...(request.body.loyaltyPoints ? { loyaltyPoints: request.body.loyaltyPoints } : {}),
        idempotency: idempotencyOf(request),
      });
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      reply.code(result.replayed ? 200 : 201);
      return completionAnswer(result);
    },
  );

  // ---- orders -------------------------------------------------------------------------------

  api.get(
    '/v1/shop/orders',
    {
      config: { permission: SHOPPER_PERMISSION },
      schema: { tags: ['shop'], summary: 'The shopper’s orders, newest first (the last 50)', response: { 200: z.object({ orders: z.array(orderSummary) }), ...errorResponses } },
    },
    async (request) => {
      const { customerId, organizationId } = shopperOf(request);
      const orders = await listCustomerOrders(db, organizationId, customerId);
      const owed = await orderRefundsOf(db, organizationId, orders.filter((o) => endedWithRefund(o.status)).map((o) => o.id));
      return { orders: orders.map((o) => ({ ...o, refund: owed.get(o.id) ?? null })) };
    },
  );

  api.get(
    '/v1/shop/orders/:id',
    {
      config: { permission: SHOPPER_PERMISSION },
      schema: {
        tags: ['shop'],
        summary: 'One of the shopper’s orders, with its lines and the refund it owes once cancelled or a no-show',
        params: idParams,
        response: { 200: shopOrderSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { customerId, organizationId } = shopperOf(request);
      const { row, view } = await getOrder(db, organizationId, request.params.id);
      if (row.customer_id !== customerId) throw notFound('Order', request.params.id);
      return { ...view, refund: endedWithRefund(view.status) ? await orderRefundOf(db, organizationId, view.id) : null };
    },
  );

  api.post(
    '/v1/shop/orders/:id/cancel',
    {
      config: { permission: SHOPPER_PERMISSION },
      schema: {
        tags: ['shop'],
        summary: 'Call off one of the shopper’s orders before it is handed over or leaves the store',
        description:
          'As a store’s cancellation: the stock goes back, the limit is credited, points and coupon uses are reversed, and the payment is refunded after commit. ' +
          '409 ORDER_NOT_CANCELLABLE once the order is out for delivery or has ended.',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(3).max(500).optional() }).strict(),
        response: { 200: shopOrderSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { customerId, organizationId } = shopperOf(request);
      const answer = await mutateOnce(platform, request, reply, async (uow) => {
        const { row, view } = await getOrder(uow.trx, organizationId, request.params.id, { lock: true });
        if (row.customer_id !== customerId) throw notFound('Order', request.params.id);
        if (!CANCELLABLE.has(view.status)) {
          throw new AppError(409, 'ORDER_NOT_CANCELLABLE', `The order is ${view.status.replace(/_/g, ' ')}: ask the store.`, { orderId: view.id, status: view.status });
        }
        const order = await transitionOrder(uow, organizationId, view.id, { to: 'cancelled', reason: request.body.reason ?? 'cancelled by the customer online' });
        return { status: 200, body: order };
      });
      // As the staff route: money goes back after the stock and the order are settled, once.
      if (!answer.replayed) await refundOrderPayments(platform, contextOf(request), { organizationId, orderId: answer.body.id });
      return { ...answer.body, refund: await orderRefundOf(db, organizationId, answer.body.id) };
    },
  );
};
