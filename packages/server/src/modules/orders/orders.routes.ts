import { ADDRESS_TYPES, HAND_OVER_MODES, type HandOverMode } from '@verdant/rules';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import type { IdempotencyInput } from '../../platform/idempotency';
import type { Db } from '../../platform/unit-of-work';
import { assertStoreAccess, contextOf, errorResponses, idempotencyOf, mutate, mutateOnce, organizationOf, requireActor, storesVisibleTo, type RoutePlugin } from '../../platform/http';
import { lineInputSchema, orderSchema, orderSummarySchema, orderTenderSchema } from '../checkout/checkout.schemas';
import {
  abandonCart,
  addCartLine,
  createCart,
  loadCart,
  refreshCartHold,
  setCartCoupons,
  setCartFulfillment,
  setCartLines,
  updateCartLine,
  viewCart,
} from './carts.service';
import { ORDER_STATUSES } from './order-lifecycle';
import { handOverRefusalsLogged } from './hand-over-refusals';
import { handOverSignatureSchema } from './hand-over-signature';
import { getOrder, searchOrders, storeOfOrder } from './orders.repository';
import { assertCartAccess, assertOrderAccess } from './store-access';
import { orderTenders, storeContext } from './ports';
import { pickQueue, scanPickedPackage, transitionOrder } from './orders.service';
import { renderReceipt } from './receipt';
import { returnOrder, voidOrder } from './returns.service';
import { listRefundsOwed, ORDER_REFUNDS, orderRefundOf, orderRefundSubscriber, refundOrderPayments, returnRefundsOfOrder } from './order-refunds';
import { ORDER_CANCELLED } from './orders.service';
import { retryRefundOwed, withRetryState } from './refund-retry';

/** The delivery pre-verification refusal, as the cart routes describe it. */
const PRE_VERIFICATION_NOTE =
  'Where the store’s pack wants a delivery customer pre-verified (US-MA), a delivery cart of a customer without an ID checked in person by staff at a store of the state, unexpired, is 422 COMPLIANCE_BLOCKED with violation DELIVERY_PRE_VERIFICATION_REQUIRED and details.path ["cart", "customerId"]';

export const cartSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    customerId: z.uuid(),
    caregiverId: z.uuid().nullable().describe('A linked caregiver buying for the customer (the patient), or null.'),
    channel: z.enum(['pickup', 'delivery']),
    status: z.string(),
    orderId: z.uuid().nullable(),
    lines: z.array(z.object({ lineNo: z.number(), skuId: z.uuid(), title: z.string(), sizeLabel: z.string().describe('The SKU’s size, e.g. 3.5g: what tells two SKUs of one product apart'), quantity: z.number(), unitPriceCents: z.number(), totalCents: z.number() }).loose()),
    hold: z.object({ reservationId: z.uuid(), expiresAt: z.string() }).nullable(),
    storeStatus: z
      .enum(['open', 'closed', 'retired'])
      .describe(
        'The cart’s store now. Not `open`: the cart is still shown, its lines priced as the store prices them, but the store sells nothing: ' +
          'lines set, a hold kept or placed again and completion are 409 STORE_NOT_OPEN (a closed store may open again; a retired one never does).',
      ),
    allowed: z.boolean(),
    limits: z.array(z.object({ id: z.string(), label: z.string(), used: z.number(), max: z.number(), remaining: z.number() }).loose()),
    totals: z.object({ subtotalCents: z.number(), discountCents: z.number(), taxCents: z.number(), totalCents: z.number() }),
  })
  .loose()
  .meta({ id: 'Cart' });

const cartParams = z.object({ id: z.uuid() }).strict();
const phone = z.string().regex(/^\+?[0-9 ()-]{4,24}$/);
/** When an order is to be picked up or arrive: from now (a few minutes of clock skew allowed) up to 30 days ahead. */
const SKEW_MS = 5 * 60_000;
const AHEAD_MS = 30 * 86_400_000;
const arrangedTime = z.iso
  .datetime({ offset: true })
  .refine((t) => {
    const ms = Date.parse(t) - Date.now();
    return ms >= -SKEW_MS && ms <= AHEAD_MS;
  }, 'a time from now up to 30 days ahead');
/** The notes on a pickup's hand-over mode, for every route that sets or completes pickup details. */
export const PICKUP_MODE_NOTE =
  'A pickup cart’s `pickup.mode` says how the order is handed over: `in_store` (at the counter; the default, stored when left out and always allowed), ' +
  '`curbside` or `drive_through`, which the store’s jurisdiction pack must allow on the store’s date (GET /v1/public/stores/:storeId lists `pickupModes`). ' +
  'A mode the pack bans or says nothing about is 422 COMPLIANCE_BLOCKED with violation PICKUP_MODE_NOT_ALLOWED (the pack rule’s id and source, or ' +
  '`<jurisdiction>.pickup.<mode>.none` where the pack has no answer) and details.path ["body", "pickup", "mode"]; nothing is written. ' +
  'A mode the pack allows but the store does not offer (its `pickupModesOffered`, PATCH /v1/stores/:id) is 422 PICKUP_MODE_NOT_OFFERED at the same path, ' +
  'with `mode` and `offered` in the details; not a compliance refusal, so nothing is logged, and nothing is written. ' +
  'Completion judges the stored mode again, the pack first, then the store’s offer (details.path ["cart", "fulfillment", "mode"]).';
/**
 * One of HAND_OVER_MODES. Checked by a refinement rather than z.enum so that a wrong mode is a 400
 * at body.pickup.mode: an enum's failure would fail both branches of the union below, which
 * answers only "Invalid input" at body. The document still lists the modes.
 */
const handOverMode = z
  .string()
  .refine((mode): mode is HandOverMode => (HAND_OVER_MODES as readonly string[]).includes(mode), { message: `expected one of ${HAND_OVER_MODES.join(', ')}` })
  .meta({ enum: [...HAND_OVER_MODES] });
/** Pickup or delivery details of an online cart. */
export const fulfillmentSchema = z.union([
  z
    .object({
      pickup: z
        .object({
          name: z.string().min(1).max(200),
          phone,
          pickupAt: arrangedTime.optional(),
          mode: handOverMode.optional().describe('How the order is handed over: in_store (default), curbside or drive_through, as the store’s pack allows.'),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      delivery: z
        .object({
          name: z.string().min(1).max(200),
          phone,
          address: z
            .object({ line1: z.string().min(1).max(200), line2: z.string().max(200).optional(), city: z.string().min(1).max(100), region: z.string().min(2).max(50), postalCode: z.string().min(3).max(20) })
            .strict(),
          deliverAt: arrangedTime.optional(),
          addressType: z.enum(ADDRESS_TYPES).optional(),
          instructions: z.string().max(500).optional(),
        })
        .strict(),
    })
    .strict(),
]);

const responses = errorResponses;

/**
 * The Idempotency-Key of a return or a void, scoped to the organization rather than to the staff
 * member: the register sends a return again unchanged with its key when the answer was lost, and
 * after a PIN switch it is someone else who sends it. Scoped per person, that retry was a new
 * request and booked and refunded the return a second time. The order is in what the key hashes
 * (its params), and only staff who may reach the order get this far, so another organization or
 * store never gets the answer; the same key for another request is 409 IDEMPOTENCY_KEY_REUSED.
 */
function organizationIdempotency(request: Parameters<typeof idempotencyOf>[0]): IdempotencyInput {
  return { ...idempotencyOf(request), scope: `organization:${organizationOf(request)}:${request.method} ${request.routeOptions.url}` };
}

/** What an ended order owes its customer, on the order (GET /v1/orders/:id and its transitions). */
export const refundOwedSchema = z
  .object({
    status: z.enum(['owed', 'refunded']).describe('owed from the commit that ended the order until every payment of it is refunded'),
    attempts: z.number().int().describe('Tries so far: the request that ended the order, then the outbox’s retries with backoff'),
    lastError: z.string().nullable().describe('Why the last try failed (the processor’s refusal), while it is owed'),
    refundedAt: z.string().nullable(),
  })
  .nullable()
  .describe(
    'What a cancelled or no-show order owes its customer; null when it owes nothing (never paid, or paid only in cash never collected). A refund that fails stays owed and is retried by the outbox ' +
      '(subscriber orders.refunds-owed; delivery.no-show-refunds for a delivery run’s no-show), never twice; after its last try the built-in alert outbox.dead_letters is raised.',
  );
/** A row of the refunds owed (GET /v1/refunds-owed). */
const refundOwedRowSchema = z
  .object({
    id: z.uuid().describe('The order’s id for an ended order’s refund, the return’s for a return’s or a void’s'),
    kind: z.enum(['order', 'return']),
    orderId: z.uuid(),
    orderNumber: z.string(),
    returnId: z.uuid().nullable(),
    storeId: z.uuid(),
    reason: z.string(),
    status: z.enum(['owed', 'refunded']),
    amountCents: z.number().int().describe('What the refund gives back: the ended order’s payments (cash never collected aside), the return’s parts through a processor or to a ledger'),
    outstandingCents: z.number().int().describe('What of it is not refunded yet'),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    deadLettered: z
      .boolean()
      .describe('Owed, and the outbox gave up on it after its last try (alert outbox.dead_letters): nothing tries it again until it is sent again (POST /v1/refunds-owed/{kind}/{id}/retry)'),
    nextTryAt: z
      .string()
      .nullable()
      .describe(
        'When the outbox tries it next (a time past is due now); before the outbox has published the event that made it owed, the time that event was written (tried as soon as it is published); null once refunded or dead-lettered, and while a try is under way',
      ),
    owedSince: z.string(),
    refundedAt: z.string().nullable(),
  })
  .meta({ id: 'RefundOwed' });
const orderWithRefundSchema = orderSchema
  .extend({
    refund: refundOwedSchema.optional(),
    returns: z
      .array(
        z.object({
          returnId: z.uuid(),
          kind: z.enum(['return', 'void']),
          refundCents: z.number(),
          promotionClawbackCents: z.number(),
          createdAt: z.string(),
          refund: refundOwedSchema.describe('The refund the return owes through a processor, gift card or store credit; null when refunded in cash at the register only.'),
        }),
      )
      .optional()
      .describe('The sale’s returns and void, oldest first, each with the refund it owes.'),
  })
  .meta({ id: 'OrderWithRefund' });

/** A sale's returns and void with the refund each owes (GET /v1/orders/:id). */
async function returnsOf(db: Db, organizationId: string, orderId: string) {
  const rows = await db
    .selectFrom('sales_return')
    .select(['id', 'kind', 'refund_cents', 'promotion_clawback_cents', 'created_at'])
    .where('order_id', '=', orderId)
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const owed = await returnRefundsOfOrder(db, organizationId, orderId);
  return rows.map((r) => ({
    returnId: r.id,
    kind: r.kind,
    refundCents: Number(r.refund_cents),
    promotionClawbackCents: Number(r.promotion_clawback_cents),
    createdAt: new Date(r.created_at).toISOString(),
    refund: owed.get(r.id) ?? null,
  }));
}

export const orderRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;
  // A refund owed that the request ending the order could not make is retried from the outbox.
  if (!platform.deliveries.subscribers.has(ORDER_REFUNDS)) platform.deliveries.register(orderRefundSubscriber(platform, ORDER_CANCELLED));

  // ---- carts ------------------------------------------------------------------------------

  api.post(
    '/v1/carts',
    {
      config: { permission: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Start an online cart (pickup or delivery) for a customer at a store',
        description:
          '409 STORE_NOT_OPEN (path body.storeId) at a store that is closed or retired; nothing is written. ' +
          'Every route that changes a cart refuses one that is no longer open with 409 CART_CLOSED; its details say where the shopping went: `orderId` (the order a completed cart became) ' +
          'and `openCartId` (the customer’s open cart at the store for the channel, or null). ' +
          'caregiverId: a caregiver (customer id) shopping for the patient in customerId. It must hold an active link to the patient (else 422 CAREGIVER_NOT_LINKED; 422 CAREGIVER_CARD_EXPIRED when the caregiver card on the link ' +
          'expired before the store’s day; 409 CUSTOMER_MERGED for a merged caregiver record; checked again at every evaluation and at completion). The cart and the order stay the patient’s: their limits and history apply, and a patient under the ' +
          'medical minimum age is sold to only where the pack lets minor patients buy through a caregiver old enough.',
        body: z
          .object({
            storeId: z.uuid(),
            customerId: z.uuid(),
            caregiverId: z.uuid().optional().describe('A linked caregiver buying for the patient in customerId.'),
            channel: z.enum(['pickup', 'delivery']),
          })
          .strict(),
        response: { 201: cartSchema, ...responses },
      },
    },
    async (request, reply) => {
      assertStoreAccess(requireActor(request), request.body.storeId);
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await createCart(uow, { organizationId: organizationOf(request), ...request.body }) }));
    },
  );

  api.get(
    '/v1/carts/:id',
    {
      config: { permission: 'orders:read' },
      schema: {
        tags: ['orders'],
        summary: 'A cart, priced and checked now',
        description: 'Answers at a store closed or retired too, with its `storeStatus`: a read never fails because the store does not sell now.',
        params: cartParams,
        response: { 200: cartSchema, ...responses },
      },
    },
    async (request) => {
      await assertCartAccess(db, requireActor(request), organizationOf(request), request.params.id);
      const cart = await loadCart(db, organizationOf(request), request.params.id);
      return viewCart(db, cart);
    },
  );

  api.post(
    '/v1/carts/:id/lines',
    {
      config: { permission: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Add a line: checked by the rules engine, stock held; answers the live limit meter',
        description: `A refusal changes nothing: 422 COMPLIANCE_BLOCKED with the violations and the meter. ${PRE_VERIFICATION_NOTE}.`,
        params: cartParams,
        body: lineInputSchema,
        response: { 200: cartSchema, ...responses },
      },
    },
    async (request, reply) => {
      await assertCartAccess(db, requireActor(request), organizationOf(request), request.params.id);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await addCartLine(uow, organizationOf(request), request.params.id, request.body) }));
    },
  );

  api.put(
    '/v1/carts/:id/lines',
    {
      config: { permission: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Replace every line of the cart',
        description: `Checked as POST …/lines; a refusal changes nothing. ${PRE_VERIFICATION_NOTE}.`,
        params: cartParams,
        body: z.object({ lines: z.array(lineInputSchema).max(50) }).strict(),
        response: { 200: cartSchema, ...responses },
      },
    },
    async (request, reply) => {
      await assertCartAccess(db, requireActor(request), organizationOf(request), request.params.id);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await setCartLines(uow, organizationOf(request), request.params.id, request.body.lines) }));
    },
  );

  api.patch(
    '/v1/carts/:id/lines/:lineNo',
    {
      config: { permission: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Change a line’s quantity (0 removes it)',
        params: z.object({ id: z.uuid(), lineNo: z.coerce.number().int().min(0).max(100) }).strict(),
        body: z.object({ quantity: z.number().int().min(0).max(1000) }).strict(),
        response: { 200: cartSchema, ...responses },
      },
    },
    async (request, reply) => {
      await assertCartAccess(db, requireActor(request), organizationOf(request), request.params.id);
      return mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await updateCartLine(uow, organizationOf(request), request.params.id, request.params.lineNo, request.body.quantity),
      }));
    },
  );

  api.put(
    '/v1/carts/:id/fulfillment',
    {
      config: { permission: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Pickup or delivery details',
        description: PICKUP_MODE_NOTE,
        params: cartParams,
        body: fulfillmentSchema,
        response: { 200: cartSchema, ...responses },
      },
    },
    async (request, reply) => {
      await assertCartAccess(db, requireActor(request), organizationOf(request), request.params.id);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await setCartFulfillment(uow, organizationOf(request), request.params.id, request.body) }));
    },
  );

  api.put(
    '/v1/carts/:id/coupons',
    {
      config: { permission: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Coupon codes to apply at completion',
        params: cartParams,
        body: z.object({ codes: z.array(z.string().min(1).max(64)).max(5) }).strict(),
        response: { 200: cartSchema, ...responses },
      },
    },
    async (request, reply) => {
      await assertCartAccess(db, requireActor(request), organizationOf(request), request.params.id);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await setCartCoupons(uow, organizationOf(request), request.params.id, request.body.codes) }));
    },
  );

  api.post(
    '/v1/carts/:id/hold',
    {
      config: { permission: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Keep the stock held (the customer is still active), or hold it again',
        description: '409 STORE_NOT_OPEN (path params.id) when the cart’s store is closed or retired: the hold is neither kept longer nor placed again.',
        params: cartParams,
        response: { 200: cartSchema, ...responses },
      },
    },
    async (request, reply) => {
      await assertCartAccess(db, requireActor(request), organizationOf(request), request.params.id);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await refreshCartHold(uow, organizationOf(request), request.params.id) }));
    },
  );

  api.delete(
    '/v1/carts/:id',
    {
      config: { permission: 'orders:write' },
      schema: { tags: ['orders'], summary: 'Abandon the cart and release its hold', params: cartParams, response: { 200: cartSchema, ...responses } },
    },
    async (request, reply) => {
      await assertCartAccess(db, requireActor(request), organizationOf(request), request.params.id);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await abandonCart(uow, organizationOf(request), request.params.id) }));
    },
  );

  // ---- orders -----------------------------------------------------------------------------

  api.get(
    '/v1/orders/:id',
    {
      config: { permission: 'orders:read' },
      schema: {
        tags: ['orders'],
        summary: 'An order with its lines, package picks and tax lines, and the refund it owes once cancelled or a no-show',
        params: cartParams,
        response: { 200: orderWithRefundSchema, ...responses },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      const { view } = await getOrder(db, organizationId, request.params.id);
      assertStoreAccess(requireActor(request), view.storeId);
      const ended = view.status === 'cancelled' || view.status === 'no_show';
      return { ...view, refund: ended ? await orderRefundOf(db, organizationId, view.id) : null, returns: await returnsOf(db, organizationId, view.id) };
    },
  );

  api.get(
    '/v1/orders/:id/payments',
    {
      config: { permission: 'orders:read' },
      schema: {
        tags: ['orders'],
        summary: 'An order’s payments: what each tender paid, what is refunded, where a refund goes',
        description:
          'In the order a return or void refunds them: the last tender taken first, so the first with refundableCents left is where the next refund to the original ' +
          'tenders goes (a refund to store credit goes to the customer’s store credit instead). A reference and at most the last four digits identify a card; ' +
          'no card data is stored. 404 NOT_FOUND for an order of another organization; 403 STORE_NOT_ALLOWED for staff limited to other stores.',
        params: cartParams,
        response: { 200: z.object({ orderId: z.uuid(), payments: z.array(orderTenderSchema) }), ...responses },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      assertStoreAccess(requireActor(request), await storeOfOrder(db, organizationId, request.params.id));
      return { orderId: request.params.id, payments: await orderTenders(db, organizationId, request.params.id) };
    },
  );

  api.get(
    '/v1/refunds-owed',
    {
      config: { permission: 'orders:refund' },
      schema: {
        tags: ['orders'],
        summary: 'The refunds owed to customers: ended orders’ and returns’, with the order, amount, tries and last error; newest first, a page at a time',
        description:
          'What a manager checks when the outbox.dead_letters alert fires: every row of the refunds an ended order (cancelled or no-show after it was paid) and a return or void owe ' +
          '(`kind` order or return), with the order number, store, the amount the refund gives back and what of it is still outstanding, how many tries were made and why the last failed, ' +
          'and since when it is owed. `status=owed` lists those still to refund (retried by the outbox: `nextTryAt` says when it tries next; `deadLettered` says its tries ended, ' +
          'and POST /v1/refunds-owed/{kind}/{id}/retry sends it again), `status=refunded` those done. Cash handed back at the register is never owed here. ' +
          'A page holds `limit` rows (default 50); when more follow, `nextAfter` is set: send it as `after`. ' +
          'Staff limited to some stores see those stores’ refunds; a storeId outside theirs is 403 STORE_NOT_ALLOWED, a store of another organization 404 NOT_FOUND. ' +
          '400 VALIDATION_FAILED at querystring.after for a cursor that names no refund owed.',
        querystring: z
          .object({
            storeId: z.uuid().optional(),
            status: z.enum(['owed', 'refunded']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            after: z.uuid().optional().describe('The previous page’s nextAfter'),
          })
          .strict(),
        response: {
          200: z.object({
            refunds: z.array(refundOwedRowSchema),
            nextAfter: z.uuid().nullable().describe('When more follow: pass it as `after` for the next page'),
          }),
          ...responses,
        },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      const storeIds = storesVisibleTo(requireActor(request), request.query.storeId);
      if (request.query.storeId) await storeContext(db, organizationId, request.query.storeId); // another organization's store is 404
      const page = await listRefundsOwed(db, organizationId, { ...request.query, storeIds });
      return { refunds: await withRetryState(db, organizationId, page.refunds), nextAfter: page.nextAfter };
    },
  );

  api.post(
    '/v1/refunds-owed/:kind/:id/retry',
    {
      config: { permission: 'orders:refund' },
      schema: {
        tags: ['orders'],
        summary: 'Send again a refund owed whose automatic tries ended (dead-lettered), so it is tried now',
        description:
          'For a refund owed that the list shows `deadLettered`: its outbox delivery gave up after its last try (alert outbox.dead_letters). The delivery is queued again, due now and ' +
          'with its full run of retries (the same as POST /v1/events/dead-letters/{id}/retry, which needs events:manage and is not limited to refunds); the refund is still made once, ' +
          'under the same processor idempotency key. Answers 202 with the refund owed as it stands (`deadLettered` false, `nextTryAt` now); the try itself happens after the answer, ' +
          'so read GET /v1/refunds-owed for how it went. `kind` and `id` are a row’s of GET /v1/refunds-owed (an ended order’s refund by the order’s id, a return’s or a void’s by the return’s). ' +
          '404 NOT_FOUND for a refund owed the organization does not have; 403 STORE_NOT_ALLOWED for one of a store outside the caller’s; 409 REFUND_ALREADY_MADE once it is refunded; ' +
          '409 REFUND_ALREADY_RETRYING while the outbox still tries it by itself (`details.nextTryAt`: its next try, the time its event was written while that event waits to be published, null while a try is under way). A refusal changes nothing. ' +
          'Written to the audit log as orders.refund.retried (and events.dead_letter.retried per delivery). With an Idempotency-Key, a retry of the request answers the stored 202 ' +
          '(`idempotent-replayed: true`) and sends nothing again.',
        params: z.object({ kind: z.enum(['order', 'return']), id: z.uuid() }).strict(),
        response: {
          202: refundOwedRowSchema
            .omit({ reason: true, amountCents: true, outstandingCents: true, owedSince: true, refundedAt: true })
            .describe('The refund owed, sent again')
            .meta({ id: 'RefundOwedRetried' }),
          ...responses,
        },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      const { body, replayed } = await mutateOnce(platform, request, reply, async (uow) => ({
        status: 202,
        body: await retryRefundOwed(uow, organizationId, request.params.kind, request.params.id),
      }));
      if (!replayed) void platform.deliveries.wake();
      return body;
    },
  );

  api.get(
    '/v1/stores/:storeId/orders',
    {
      config: { permission: 'orders:read' },
      schema: {
        tags: ['orders'],
        summary: 'Find a store’s orders: by the number on the receipt, the customer, channel, status or when placed; newest first, a page at a time',
        description:
          'Every filter is optional and they combine. Newest first by order number (numbers are drawn as orders are written). A page holds `limit` orders (default 25); ' +
          'when more follow, `nextAfter` is set: send it as `after` for the next page. Orders come without their lines (GET /v1/orders/{id} has them). ' +
          '400 VALIDATION_FAILED with the field path for a bad or unknown parameter (e.g. ["querystring", "number"]); 403 STORE_NOT_ALLOWED for staff limited to other stores; ' +
          '404 NOT_FOUND for a store of another organization.',
        params: z.object({ storeId: z.uuid() }).strict(),
        querystring: z
          .object({
            number: z.string().regex(/^[0-9]{1,15}$/, 'the order number printed on the receipt, digits only').optional(),
            customerId: z.uuid().optional(),
            channel: z.enum(['in_store', 'pickup', 'delivery']).optional(),
            status: z.enum(ORDER_STATUSES).optional(),
            from: z.iso.datetime({ offset: true }).optional().describe('Placed at or after this instant (ISO 8601 with offset)'),
            to: z.iso.datetime({ offset: true }).optional().describe('Placed before this instant (ISO 8601 with offset)'),
            limit: z.coerce.number().int().min(1).max(100).default(25),
            after: z.coerce.number().int().min(1).optional().describe('Orders numbered below this one: the previous page’s nextAfter'),
          })
          .strict()
          .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), { message: 'to must be later than from', path: ['to'] }),
        response: {
          200: z.object({
            orders: z.array(orderSummarySchema),
            nextAfter: z.number().int().nullable().describe('When more orders follow: pass it as `after` for the next page'),
          }),
          ...responses,
        },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      assertStoreAccess(requireActor(request), request.params.storeId);
      await storeContext(db, organizationId, request.params.storeId); // another organization's store is 404
      return searchOrders(db, organizationId, request.params.storeId, request.query);
    },
  );

  api.get(
    '/v1/stores/:storeId/pick-queue',
    {
      config: { permission: 'orders:read' },
      schema: {
        tags: ['orders'],
        summary: 'Online orders waiting to be picked, packed or handed over',
        params: z.object({ storeId: z.uuid() }).strict(),
        response: {
          200: z.object({
            orders: z.array(
              z.object({
                id: z.uuid(),
                number: z.string(),
                channel: z.string(),
                status: z.string(),
                customerId: z.uuid().nullable(),
                totalCents: z.number(),
                placedAt: z.string(),
                fulfillment: z.record(z.string(), z.unknown()).nullable().describe('The pickup contact, or the delivery address'),
              }),
            ),
          }),
          ...responses,
        },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      assertStoreAccess(requireActor(request), request.params.storeId);
      await storeContext(db, organizationId, request.params.storeId); // a store of nobody, or of another organization, is 404
      return { orders: await pickQueue(db, organizationId, request.params.storeId) };
    },
  );

  api.post(
    '/v1/orders/:id/picks',
    {
      config: { permission: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Record a package scanned while picking (must match the line)',
        params: cartParams,
        body: z.object({ lineNo: z.number().int().min(0), packageLabel: z.string().regex(/^[0-9A-Z]{10,32}$/) }).strict(),
        response: { 200: orderSchema, ...responses },
      },
    },
    async (request, reply) => {
      await assertOrderAccess(db, requireActor(request), organizationOf(request), request.params.id);
      return mutate(platform, request, reply, async (uow) => ({ status: 200, body: await scanPickedPackage(uow, organizationOf(request), request.params.id, request.body) }));
    },
  );

  api.post(
    '/v1/orders/:id/transitions',
    {
      config: { permission: 'orders:write' },
      schema: {
        tags: ['orders'],
        summary: 'Move an order along its channel’s lifecycle',
        description: 'Only transitions in the channel’s table are allowed (else 409 INVALID_TRANSITION); out_for_delivery only by the departure of the delivery run the order is loaded on (409 DELIVERY_RUN_REQUIRED here). Cancelling or a no-show puts the stock back and owes the payments’ refund (the answer’s `refund`): written with the change, tried once the request commits, and retried with backoff by the outbox (subscriber orders.refunds-owed) while it fails, never refunded twice; after its last try the built-in alert outbox.dead_letters is raised. With an Idempotency-Key, a retry answers the stored transition (`idempotent-replayed: true`) and refunds nothing again. A hand-over (`to: completed`) refused for the ID (422 ID_NOT_VERIFIED, ID_EXPIRED) is written to the compliance log; the error names it (`details.refusalId`). ' +
          'Where the store’s pack asks for the customer’s signature on the order’s channel (California deliveries), the hand-over takes `signature` (printed name and PNG) and is 422 SIGNATURE_REQUIRED at body.signature without it, changing nothing. ' +
          'A pickup’s hand-over mode (fulfillment.mode) is not judged again here: it was judged by the pack and the store’s offer when set and at completion, and an order may always be handed over in store.',
        params: cartParams,
        body: z
          .object({
            to: z.enum(ORDER_STATUSES),
            reason: z.string().min(3).max(500).optional(),
            idVerificationId: z.uuid().optional(),
            registerSessionId: z
              .uuid()
              .optional()
              .describe(
                'Hand-over at the counter (to: completed): the open drawer the order’s cash is collected into, so the drawer expects it (409 REGISTER_NOT_OPEN otherwise). ' +
                  'Where the store requires a drawer for cash (payment settings, cashDrawerRequired), a pickup with cash to collect is handed over only with it: 422 REGISTER_SESSION_REQUIRED at body.registerSessionId.',
              ),
            signature: handOverSignatureSchema.optional(),
          })
          .strict()
          .refine((b) => b.registerSessionId === undefined || b.to === 'completed', { message: 'a drawer takes the cash at the hand-over: only with to: completed', path: ['registerSessionId'] })
          .refine((b) => b.signature === undefined || b.to === 'completed', { message: 'the customer signs at the hand-over: only with to: completed', path: ['signature'] }),
        response: { 200: orderWithRefundSchema, ...responses },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      await assertOrderAccess(db, requireActor(request), organizationId, request.params.id);
      if ((request.body.to === 'cancelled' || request.body.to === 'no_show') && !request.body.reason) {
        throw new AppError(400, 'VALIDATION_FAILED', 'A cancellation needs a reason.', [{ path: ['body', 'reason'], message: 'required' }]);
      }
      // An order leaves the store in a vehicle: its load judged against the pack's caps and, where
      // the store files them, its state delivery filed (POST /v1/delivery-runs/:id/depart).
      if (request.body.to === 'out_for_delivery') {
        throw new AppError(409, 'DELIVERY_RUN_REQUIRED', 'An order goes out for delivery when the delivery run it is loaded on departs.', { orderId: request.params.id, path: ['body', 'to'] });
      }
      // The refund below must know whether this request made the transition. A replay of the same
      // Idempotency-Key (a retry, or a duplicate that waited on the key) answers the first
      // request's cancel, whose refund has moved or is moving; refunding again from the replay
      // raced that refund for the same payments, and every part it lost was logged as a refund
      // that failed and needs follow-up, for money that had been given back.
      const transition = () => mutateOnce(platform, request, reply, async (uow) => ({ status: 200, body: await transitionOrder(uow, organizationId, request.params.id, request.body) }));
      const answer =
        request.body.to === 'completed' ? await handOverRefusalsLogged(platform, contextOf(request), { organizationId, orderId: request.params.id, source: 'hand_over' }, transition) : await transition();
      const order = answer.body;
      if (order.status === 'cancelled' || order.status === 'no_show') {
        // Owed since the commit; money goes back after it (the refund calls the processor). This
        // request holds the first try; a failure stays owed and the outbox retries it. A replay
        // answers how the first request's refund stands, and tries nothing.
        if (!answer.replayed) await refundOrderPayments(platform, contextOf(request), { organizationId, orderId: order.id });
        return { ...order, refund: await orderRefundOf(db, organizationId, order.id) };
      }
      return order;
    },
  );

  // ---- returns, voids, receipts -------------------------------------------------------------

  const returnResult = z
    .object({
      returnId: z.uuid(),
      orderId: z.uuid(),
      kind: z.enum(['return', 'void']),
      refundCents: z.number(),
      taxRefundCents: z.number(),
      refundTo: z.enum(['original', 'store_credit']),
      lines: z.array(
        z
          .object({
            lineNo: z.number(),
            quantity: z.number(),
            restock: z.string(),
            refundCents: z.number(),
            taxRefundCents: z.number(),
            packages: z
              .array(
                z
                  .object({
                    packageLabel: z.string(),
                    quantity: z.number().describe('In the package’s unit: units, or milligrams.'),
                    locationCode: z
                      .string()
                      .optional()
                      .describe(
                        'Where these units were put: the location they were sold from, quarantine, or the vault when goods marked sellable were sold from a location retired since (not sellable: move them to a shelf).',
                      ),
                  })
                  .loose(),
              )
              .optional(),
          })
          .loose(),
      ),
      refunds: z.array(
        z
          .object({
            paymentId: z.uuid(),
            amountCents: z.number().describe('The payment’s cents refunded.'),
            cashOutCents: z.number().optional().describe('On a cash part refunded to the original tender: the cash handed back for it, after the store’s cash rounding.'),
            refundId: z.string().optional(),
            destination: z.string().optional(),
            error: z.string().optional().describe('Why this part could not be refunded (the provider’s answer) on the last try: a part not in cash handed back at the register stays owed (`refund`) and is retried by the outbox.'),
          })
          .loose(),
      ),
      loyalty: z.object({ pointsReturned: z.number(), pointsClawedBack: z.number(), shortfall: z.number() }).optional(),
      cashRefundCents: z.number().optional().describe('Cash paid out of the drawer named by registerSessionId, after the store’s cash rounding.'),
      promotionClawbackCents: z
        .number()
        .optional()
        .describe(
          'Taken off the refund (before tax; its tax is not refunded either): a buy-X-get-Y reward the customer keeps though what qualified for it came back. Negative on a later return of the reward: what an earlier return took is given back.',
        ),
      refund: refundOwedSchema
        .nullable()
        .optional()
        .describe(
          'The refund this return owes through a processor, gift card or store credit: tried once it commits and retried by the outbox (subscriber orders.refunds-owed, key return:<returnId>:<paymentId>) while it fails; after the last try the alert outbox.dead_letters is raised. Null when it is refunded in cash only (handed back at the register, never retried).',
        ),
    })
    .meta({ id: 'OrderReturn' });

  api.post(
    '/v1/orders/:id/returns',
    {
      config: { permission: 'orders:refund' },
      schema: {
        tags: ['orders'],
        summary: 'Return some or all units of a completed sale (in store), with a restock decision per item',
        description:
          'Never more than sold (422 RETURN_EXCEEDS_SALE). Tax is reversed per line; the refund goes to the original tender or to store credit; limit usage is credited back. ' +
          'Each line’s `packages` say where the units were put (`locationCode`): sellable goods whose location was retired since land in the vault, not on a shelf. ' +
          'With an Idempotency-Key, a retry answers the stored return (`idempotent-replayed: true`) with the refunds recorded so far, whoever sends it: the key is scoped to the organization ' +
          '(a register retrying after a PIN switch sends it as someone else); the same key with another request is 409 IDEMPOTENCY_KEY_REUSED. 409 INVALID_TRANSITION once the sale is voided. ' +
          'At a retired store goods go back only to be destroyed: a line restocked `sellable` or `quarantine` is 409 STORE_RETIRED (path body.lines.N.restock) and nothing is written; ' +
          'with every line `destroy` the refund is made as anywhere. A closed store restocks as usual.',
        params: cartParams,
        body: z
          .object({
            lines: z
              .array(z.object({ lineNo: z.number().int().min(0), quantity: z.number().int().min(1).max(1000), restock: z.enum(['sellable', 'quarantine', 'destroy']) }).strict())
              .min(1)
              .max(100),
            reason: z.string().min(3).max(500),
            refundTo: z.enum(['original', 'store_credit']).default('original'),
            /** The open drawer the cash part of the refund is paid out of. */
            registerSessionId: z.uuid().optional(),
          })
          .strict(),
        response: { 201: returnResult, ...responses },
      },
    },
    async (request, reply) => {
      const { view } = await getOrder(db, organizationOf(request), request.params.id);
      assertStoreAccess(requireActor(request), view.storeId);
      const { replayed, ...result } = await returnOrder(platform, contextOf(request), request.params.id, request.body, 'return', organizationIdempotency(request));
      if (replayed) reply.header('idempotent-replayed', 'true');
      reply.code(201);
      return result;
    },
  );

  api.post(
    '/v1/orders/:id/void',
    {
      config: { permission: 'orders:void' },
      schema: {
        tags: ['orders'],
        summary: 'Void a sale made in error today (the whole order, back to the original tender)',
        description:
          'What earlier returns left of the sale is taken back and refunded. 409 VOID_NOT_SAME_DAY for a completed sale of another store-local day (make a return instead); ' +
          '409 INVALID_TRANSITION for an order that is not a completed sale (placed … out for delivery, cancelled, no-show, voided already); ' +
          '422 RETURN_EXCEEDS_SALE when returns took back every unit already (nothing is left to void, and nothing is written); 409 ORDER_CHANGED (at params.id) when a return ' +
          'of the sale committed while the void was being made (two registers at once): nothing is voided, look at the sale again. A return that comes after a void is 409 INVALID_TRANSITION. ' +
          'With an Idempotency-Key (scoped to the organization, so a retry after a PIN switch is the same request), a retry answers the stored void (`idempotent-replayed: true`). ' +
          '409 STORE_RETIRED (path body.restock) at a retired store, which takes no goods back on its shelves or in quarantine: make a return with restock `destroy` instead.',
        params: cartParams,
        body: z.object({ reason: z.string().min(3).max(500), restock: z.enum(['sellable', 'quarantine']).optional(), registerSessionId: z.uuid().optional() }).strict(),
        response: { 201: returnResult, ...responses },
      },
    },
    async (request, reply) => {
      const { view } = await getOrder(db, organizationOf(request), request.params.id);
      assertStoreAccess(requireActor(request), view.storeId);
      const { replayed, ...result } = await voidOrder(platform, contextOf(request), request.params.id, request.body, organizationIdempotency(request));
      if (replayed) reply.header('idempotent-replayed', 'true');
      reply.code(201);
      return result;
    },
  );

  api.get(
    '/v1/orders/:id/receipt',
    {
      config: { permission: 'orders:read' },
      schema: {
        tags: ['orders'],
        summary: 'The receipt: HTML for screen and e-mail, ESC/POS bytes for the printer',
        description:
          'A completed sale; a voided one prints its void (what the void took back and refunded). ' +
          'A delivery order out for delivery prints its DELIVERY REQUEST RECEIPT: what is handed over at the door, as the customer signs for it (the driver, who reads orders, shows it there); once handed over, the sale’s receipt prints who signed and when (“Signed by <name> at <time>”, the HTML with the signature). ' +
          '409 ORDER_NOT_COMPLETED for any other order not completed (placed … ready, cancelled, no-show, or a pickup). ' +
          '404 NOT_FOUND for an order of another organization; 403 STORE_NOT_ALLOWED for staff limited to other stores.',
        params: cartParams,
        querystring: z.object({ format: z.enum(['html', 'escpos']).default('html'), width: z.coerce.number().pipe(z.union([z.literal(42), z.literal(48)])).optional() }).strict(),
      },
    },
    async (request, reply) => {
      const { format, width } = request.query;
      const organizationId = organizationOf(request);
      // A receipt shows what GET /v1/orders/{id} shows: staff limited to other stores do not get it.
      assertStoreAccess(requireActor(request), await storeOfOrder(db, organizationId, request.params.id));
      const body = await renderReceipt(db, organizationId, request.params.id, format, width as 42 | 48 | undefined);
      if (format === 'html') reply.type('text/html; charset=utf-8');
      else reply.type('application/octet-stream');
      return format === 'html' ? body : Buffer.from(body as Uint8Array);
    },
  );

  api.get(
    '/v1/orders/:id/returns/:returnId/receipt',
    {
      config: { permission: 'orders:read' },
      schema: {
        tags: ['orders'],
        summary: 'The receipt of a return or a void: HTML for screen and e-mail, ESC/POS bytes for the printer',
        description:
          'What it took back (negative amounts), each tax reversed on its own line, and the refund to each tender; returnId is the returnId a return or a void answered. ' +
          '404 NOT_FOUND for an order of another organization or a return of another order; 403 STORE_NOT_ALLOWED for staff limited to other stores.',
        params: cartParams.extend({ returnId: z.uuid() }).strict(),
        querystring: z.object({ format: z.enum(['html', 'escpos']).default('html'), width: z.coerce.number().pipe(z.union([z.literal(42), z.literal(48)])).optional() }).strict(),
      },
    },
    async (request, reply) => {
      const { format, width } = request.query;
      const organizationId = organizationOf(request);
      assertStoreAccess(requireActor(request), await storeOfOrder(db, organizationId, request.params.id));
      const body = await renderReceipt(db, organizationId, request.params.id, format, width as 42 | 48 | undefined, request.params.returnId);
      if (format === 'html') reply.type('text/html; charset=utf-8');
      else reply.type('application/octet-stream');
      return format === 'html' ? body : Buffer.from(body as Uint8Array);
    },
  );
};
