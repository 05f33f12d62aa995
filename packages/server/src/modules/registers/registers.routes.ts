import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { badRequest, conflict } from '../../platform/errors';
import { assertStoreAccess, contextOf, errorResponses, mutate, organizationOf, queryFlag, requireActor, somethingToChange, type RoutePlugin } from '../../platform/http';
import { storeFor } from '../compliance';
import { renderReceiptEscPos, renderReceiptHtml } from '../receipts';
import { GIFT_CARD_SALE_MAX_CENTS, GIFT_CARD_SALE_MIN_CENTS, getGiftCardSale, giftCardSaleReceipt, sellGiftCard } from './registers.gift-card-sales';
import { listParkedCarts, parkCart, registerOf, resumeCart } from './registers.parked-carts';
import { checkIn, listQueue, updateQueueEntry } from './registers.queue';
import {
  giftCardSaleSchema,
  parkedCartListSchema,
  parkedCartSchema,
  queueEntrySchema,
  queueListSchema,
  registerListSchema,
  registerSchema,
  registerSessionListSchema,
  registerSessionReportSchema,
  registerSessionSchema,
} from './registers.schemas';
import { closeSession, countedCents, DENOMINATIONS, getSession, moveCash, openSession, reviewSession, sessionReport, toSessionView, totalOf } from './registers.sessions';

const cents = z.number().int().min(0).max(100_000_000);
const positiveCents = z.number().int().min(1).max(100_000_000);
const denominations = z
  .object(Object.fromEntries(DENOMINATIONS.map((d) => [String(d), z.number().int().min(0).max(100_000).optional()])))
  .strict()
  .describe('Pieces per denomination, keyed by its value in cents ("2000": 3 = three $20 bills)');
const count = z.object({ totalCents: cents.optional(), denominations: denominations.optional() }).strict();
const storeParams = z.object({ storeId: z.uuid() }).strict();
const sessionParams = z.object({ sessionId: z.uuid() }).strict();
const registerParams = z.object({ registerId: z.uuid() }).strict();
const reason = z.string().trim().min(1).max(500);
const anyJson = z.unknown().describe('The register’s own JSON (lines, customer, notes), kept as given; at most 64 KiB');
const giftCardCode = z
  .string()
  .regex(/^[0-9 -]{8,32}$/, '8 to 32 digits')
  .refine((code) => code.replace(/[\s-]/g, '').length >= 8, 'at least 8 digits')
  .describe('The card’s code as scanned or typed (spaces and dashes are ignored)');
const giftCardTender = z
  .object({
    kind: z.enum(['cash', 'terminal']).describe('Cash, or debit / cashless ATM on the stand-alone card terminal; a gift card cannot be paid with a gift card or store credit'),
    amountCents: positiveCents.optional().describe('What this tender pays; the last one takes what remains when omitted'),
    tenderedCents: positiveCents.optional().describe('Cash: what the customer handed over (change is given back after the store’s cash rounding)'),
    terminalReference: z.string().trim().min(1).max(100).optional().describe('Terminal: its approval reference (required)'),
    cardLast4: z.string().regex(/^[0-9]{4}$/).optional().describe('Terminal: the card’s last four digits, at most'),
  })
  .strict()
  .refine((t) => t.kind !== 'terminal' || t.terminalReference !== undefined, { message: 'required for a terminal payment', path: ['terminalReference'] })
  .refine((t) => t.kind === 'cash' || t.tenderedCents === undefined, { message: 'only cash is handed over', path: ['tenderedCents'] });

export const registerRoutes: RoutePlugin = (api, platform) => {
  const { db } = platform.database;

  const storeOf = async (organizationId: string, storeId: string, actor: ReturnType<typeof requireActor>) => {
    assertStoreAccess(actor, storeId);
    return storeFor(db, organizationId, storeId);
  };
  const sessionInScope = async (request: Parameters<typeof organizationOf>[0], sessionId: string) => {
    const session = await getSession(db, organizationOf(request), sessionId);
    assertStoreAccess(requireActor(request), session.store_id);
    return session;
  };
  const registerInScope = async (request: Parameters<typeof organizationOf>[0], registerId: string) => {
    const register = await registerOf(db, organizationOf(request), registerId);
    assertStoreAccess(requireActor(request), register.store_id);
    return register;
  };

  // ---- registers ------------------------------------------------------------------------------

  api.post(
    '/v1/stores/:storeId/registers',
    {
      config: { permission: 'pos:manage' },
      schema: { tags: ['registers'], summary: 'Add a register to a store', params: storeParams, body: z.object({ name: z.string().trim().min(1).max(100) }).strict(), response: { 201: registerSchema, ...errorResponses } },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      const store = await storeOf(organizationId, request.params.storeId, requireActor(request));
      return mutate(platform, request, reply, async (uow) => {
        const row = await uow.trx
          .insertInto('register')
          .values({ id: uuidv7(), organization_id: organizationId, store_id: store.id, name: request.body.name })
          .onConflict((oc) => oc.columns(['store_id', 'name']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) throw conflict('REGISTER_NAME_TAKEN', 'This store already has a register with that name.', { path: ['body', 'name'] });
        const view = { id: row.id, storeId: row.store_id, name: row.name, active: row.active };
        await uow.audit({ action: 'register.created', entityType: 'register', entityId: row.id, storeId: row.store_id, after: view });
        return { status: 201, body: view };
      });
    },
  );

  api.get(
    '/v1/stores/:storeId/registers',
    { config: { permission: 'pos:sell' }, schema: { tags: ['registers'], summary: 'Registers of a store, with their open session', params: storeParams, response: { 200: registerListSchema, ...errorResponses } } },
    async (request) => {
      const organizationId = organizationOf(request);
      const store = await storeOf(organizationId, request.params.storeId, requireActor(request));
      const rows = await db
        .selectFrom('register')
        .leftJoin('register_session', (j) => j.onRef('register_session.register_id', '=', 'register.id').on('register_session.status', '=', 'open'))
        .select(['register.id', 'register.name', 'register.active', 'register_session.id as session_id', 'register_session.opened_at', 'register_session.opened_by'])
        .where('register.store_id', '=', store.id)
        .orderBy('register.name')
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          storeId: store.id,
          name: r.name,
          active: r.active,
          openSession: r.session_id ? { id: r.session_id, openedAt: new Date(r.opened_at as Date).toISOString(), openedBy: r.opened_by as string } : null,
        })),
      };
    },
  );

  // ---- sessions -------------------------------------------------------------------------------

  api.post(
    '/v1/registers/:registerId/sessions',
    {
      config: { permission: 'pos:manage' },
      schema: { tags: ['registers'], summary: 'Open a register session with a counted float', description: '409 STORE_NOT_OPEN (path params.registerId) at a store that is closed or retired; 409 REGISTER_INACTIVE, 409 REGISTER_ALREADY_OPEN. A refusal writes nothing.', params: registerParams, body: z.object({ float: count }).strict(), response: { 201: registerSessionSchema, ...errorResponses } },
    },
    async (request, reply) => {
      await registerInScope(request, request.params.registerId);
      return mutate(platform, request, reply, async (uow) => ({
        status: 201,
        body: await openSession(uow, { organizationId: organizationOf(request), registerId: request.params.registerId, float: request.body.float }),
      }));
    },
  );

  api.get(
    '/v1/register-sessions/:sessionId',
    { config: { permission: 'pos:sell' }, schema: { tags: ['registers'], summary: 'A register session (expected cash only for pos:manage while open)', params: sessionParams, response: { 200: registerSessionSchema, ...errorResponses } } },
    async (request) => {
      const session = await sessionInScope(request, request.params.sessionId);
      return toSessionView(session, requireActor(request).permissions.has('pos:manage'));
    },
  );

  api.get(
    '/v1/stores/:storeId/register-sessions',
    {
      config: { permission: 'pos:manage' },
      schema: {
        tags: ['registers'],
        summary: 'Register sessions of a store, newest first',
        params: storeParams,
        querystring: z.object({ status: z.enum(['open', 'closed']).optional(), unreviewed: queryFlag().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
        response: { 200: registerSessionListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      const store = await storeOf(organizationId, request.params.storeId, requireActor(request));
      const rows = await db
        .selectFrom('register_session')
        .selectAll()
        .where('store_id', '=', store.id)
        .$if(request.query.status !== undefined, (q) => q.where('status', '=', request.query.status as 'open' | 'closed'))
        .$if(request.query.unreviewed === true, (q) => q.where('status', '=', 'closed').where('reviewed_at', 'is', null))
        .orderBy('opened_at', 'desc')
        .limit(request.query.limit)
        .execute();
      return { items: rows.map((r) => toSessionView(r)) };
    },
  );

  // A drop is counted as a float is, but its total is the body's amountCents: a refusal names that field.
  const dropCents = (body: { amountCents?: number; denominations?: Record<string, number> }) => {
    if (body.amountCents === undefined && !body.denominations) {
      throw badRequest('VALIDATION_FAILED', 'Give amountCents or denominations.', [{ path: ['body', 'amountCents'], message: 'amountCents or denominations required' }]);
    }
    if (body.amountCents !== undefined && body.denominations && totalOf(body.denominations) !== body.amountCents) {
      const total = totalOf(body.denominations);
      throw badRequest('VALIDATION_FAILED', `The denominations add up to ${total}, not ${body.amountCents}.`, [{ path: ['body', 'amountCents'], message: `denominations total ${total}` }]);
    }
    return countedCents({ totalCents: body.amountCents, denominations: body.denominations }, ['body']);
  };
  const movement = (path: 'drops' | 'paid-ins' | 'paid-outs', kind: 'drop' | 'paid_in' | 'paid_out', summary: string) =>
    api.post(
      `/v1/register-sessions/:sessionId/${path}`,
      {
        config: { permission: 'pos:sell' },
        schema: {
          tags: ['registers'],
          summary,
          params: sessionParams,
          body:
            kind === 'drop'
              ? z.object({ amountCents: positiveCents.optional(), denominations: denominations.optional(), witnessId: z.uuid().optional(), reason: reason.optional() }).strict()
              : z.object({ amountCents: positiveCents, reason }).strict(),
          response: { 200: registerSessionSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        await sessionInScope(request, request.params.sessionId);
        const body = request.body as { amountCents?: number; denominations?: Record<string, number>; witnessId?: string; reason?: string };
        const amountCents = kind === 'drop' ? dropCents(body) : (body.amountCents as number);
        if (amountCents <= 0) throw badRequest('VALIDATION_FAILED', 'The amount must be above zero.', [{ path: ['body', 'amountCents'], message: 'above zero' }]);
        return mutate(platform, request, reply, async (uow) => {
          const view = await moveCash(uow, { organizationId: organizationOf(request), sessionId: request.params.sessionId, kind, amountCents, reason: body.reason, witnessId: body.witnessId, denominations: body.denominations });
          return { status: 200, body: view };
        });
      },
    );
  movement('drops', 'drop', 'Drop cash from the drawer to the safe (witness optional)');
  movement('paid-ins', 'paid_in', 'Put cash into the drawer, with a reason');
  movement('paid-outs', 'paid_out', 'Pay cash out of the drawer, with a reason');

  api.post(
    '/v1/register-sessions/:sessionId/close',
    {
      config: { permission: 'pos:manage' },
      schema: {
        tags: ['registers'],
        summary: 'Close a session with the counted drawer; over/short is computed against expected cash',
        params: sessionParams,
        body: z.object({ count, note: z.string().trim().min(1).max(1000).optional() }).strict(),
        response: { 200: registerSessionSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await sessionInScope(request, request.params.sessionId);
      return mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await closeSession(uow, { organizationId: organizationOf(request), sessionId: request.params.sessionId, count: request.body.count, note: request.body.note }),
      }));
    },
  );

  api.post(
    '/v1/register-sessions/:sessionId/review',
    {
      config: { permission: 'pos:manage' },
      schema: { tags: ['registers'], summary: 'Sign off a closed session’s over/short', params: sessionParams, body: z.object({ note: z.string().trim().min(1).max(1000) }).strict(), response: { 200: registerSessionSchema, ...errorResponses } },
    },
    async (request, reply) => {
      await sessionInScope(request, request.params.sessionId);
      return mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await reviewSession(uow, { organizationId: organizationOf(request), sessionId: request.params.sessionId, note: request.body.note }),
      }));
    },
  );

  api.get(
    '/v1/register-sessions/:sessionId/report',
    { config: { permission: 'pos:manage' }, schema: { tags: ['registers'], summary: 'Session report: cash movements and per-budtender totals', params: sessionParams, response: { 200: registerSessionReportSchema, ...errorResponses } } },
    async (request) => {
      await sessionInScope(request, request.params.sessionId);
      return sessionReport(db, organizationOf(request), request.params.sessionId);
    },
  );

  // ---- gift cards sold at the register --------------------------------------------------------

  api.post(
    '/v1/register-sessions/:sessionId/gift-card-sales',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags: ['registers'],
        summary: 'Sell a gift card at the register: issue a new card or load one, paid in cash or on the card terminal',
        description:
          'Not a cannabis sale: no order, no tax, no purchase limits, no loyalty points. The register generates the sale id (UUIDv7); sending the same sale again ' +
          '(a lost answer, an offline register catching up) answers the stored sale (200, idempotent-replayed: true) and sells nothing more; the same id with a ' +
          'different sale is 409 SALE_ID_REUSED. kind issue: a new card with the scanned code, or a code the server generates (in the answer only; shown again ' +
          'only to the same staff member retrying within 15 minutes). kind load: value added to the card with this code (422 GIFT_CARD_UNKNOWN otherwise). ' +
          'Tenders: cash (with change after the store’s cash rounding) and the card terminal (its approval reference); 422 TENDER_SHORT when they do not cover ' +
          'the amount, 409 TERMINAL_REFERENCE_USED for a reference already recorded, 409 GIFT_CARD_EXISTS for an issue with a code already in use, 409 ' +
          'REGISTER_NOT_OPEN on a closed session. The cash kept counts in the drawer’s expected cash (giftCardCashCents) and the session report, apart from sales. ' +
          'Refusals change nothing.',
        params: sessionParams,
        body: z
          .object({
            id: z.uuid().describe('The register’s own id of this sale (UUIDv7)'),
            kind: z.enum(['issue', 'load']),
            code: giftCardCode.optional().describe('The card’s code: optional to issue (the server generates one), required to load'),
            amountCents: z.number().int().min(GIFT_CARD_SALE_MIN_CENTS).max(GIFT_CARD_SALE_MAX_CENTS).describe('Value to put on the card: $1.00 to $1,000.00'),
            tenders: z.array(giftCardTender).min(1).max(5),
          })
          .strict(),
        response: { 200: giftCardSaleSchema, 201: giftCardSaleSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await sessionInScope(request, request.params.sessionId);
      const { sale, replayed } = await sellGiftCard(platform, contextOf(request), { ...request.body, sessionId: request.params.sessionId });
      if (replayed) reply.header('idempotent-replayed', 'true');
      reply.code(replayed ? 200 : 201);
      return sale;
    },
  );

  api.get(
    '/v1/gift-card-sales/:id/receipt',
    {
      config: { permission: 'orders:read' },
      schema: {
        tags: ['registers'],
        summary: 'The receipt of a gift card sold at the register: HTML for screen and e-mail, ESC/POS bytes for the printer',
        description: 'The card’s last four digits, the amount, the tenders and the balance after the sale; never the code. 404 NOT_FOUND for another organization’s sale.',
        params: z.object({ id: z.uuid() }).strict(),
        querystring: z.object({ format: z.enum(['html', 'escpos']).default('html'), width: z.coerce.number().pipe(z.union([z.literal(42), z.literal(48)])).optional() }).strict(),
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      const sale = await getGiftCardSale(db, organizationId, request.params.id);
      assertStoreAccess(requireActor(request), sale.store_id);
      const data = await giftCardSaleReceipt(db, organizationId, sale.id);
      if (request.query.format === 'html') {
        reply.type('text/html; charset=utf-8');
        return renderReceiptHtml(data);
      }
      reply.type('application/octet-stream');
      const width = request.query.width as 42 | 48 | undefined;
      return Buffer.from(renderReceiptEscPos(data, width ? { width } : undefined));
    },
  );

  // ---- check-in queue -------------------------------------------------------------------------

  api.post(
    '/v1/stores/:storeId/queue',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags: ['registers'],
        summary: 'Check a customer in (walk-in or online pickup)',
        description:
          'A customer (and an online order) is in a store’s queue once while waiting or being served: checking them in again, also at the same moment from two ' +
          'registers, is 409 CUSTOMER_ALREADY_CHECKED_IN at body.customerId (body.orderId for the order) with the entry that stands in details.entry, and adds nothing. ' +
          'Once done or left they can check in again.',
        params: storeParams,
        body: z
          .object({
            source: z.enum(['walk_in', 'online_pickup']).default('walk_in'),
            customerId: z.uuid().optional(),
            customerName: z.string().trim().min(1).max(200).optional(),
            orderId: z.uuid().optional(),
            idChecked: z.boolean().optional(),
            note: z.string().trim().max(500).optional(),
          })
          .strict(),
        response: { 201: queueEntrySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      const store = await storeOf(organizationId, request.params.storeId, requireActor(request));
      return mutate(platform, request, reply, async (uow) => ({ status: 201, body: await checkIn(uow, { organizationId, storeId: store.id, ...request.body }) }));
    },
  );

  api.get(
    '/v1/stores/:storeId/queue',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags: ['registers'],
        summary: 'The check-in queue (waiting and serving by default), oldest first, with wait times',
        params: storeParams,
        querystring: z
          .object({ status: z.string().regex(/^(waiting|serving|done|left)(,(waiting|serving|done|left))*$/).optional(), limit: z.coerce.number().int().min(1).max(500).default(200) })
          .strict(),
        response: { 200: queueListSchema, ...errorResponses },
      },
    },
    async (request) => {
      const organizationId = organizationOf(request);
      const store = await storeOf(organizationId, request.params.storeId, requireActor(request));
      const statuses = (request.query.status?.split(',') ?? ['waiting', 'serving']) as Array<'waiting' | 'serving' | 'done' | 'left'>;
      const items = await listQueue(db, { organizationId, storeId: store.id, statuses, limit: request.query.limit });
      const waiting = items.filter((i) => i.status === 'waiting');
      return { items, waitingCount: waiting.length, longestWaitSeconds: waiting.reduce((m, i) => Math.max(m, i.waitSeconds), 0) };
    },
  );

  api.patch(
    '/v1/stores/:storeId/queue/:entryId',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags: ['registers'],
        summary: 'Serve, finish or drop a queue entry; assign a budtender; record the ID check',
        params: z.object({ storeId: z.uuid(), entryId: z.uuid() }).strict(),
        body: somethingToChange(
          z
            .object({
              status: z.enum(['serving', 'done', 'left']).optional(),
              budtenderId: z.uuid().nullable().optional(),
              idChecked: z.literal(true).optional(),
              note: z.string().trim().max(500).nullable().optional(),
            })
            .strict(),
        ),
        response: { 200: queueEntrySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const organizationId = organizationOf(request);
      const store = await storeOf(organizationId, request.params.storeId, requireActor(request));
      return mutate(platform, request, reply, async (uow) => ({
        status: 200,
        body: await updateQueueEntry(uow, { organizationId, storeId: store.id, entryId: request.params.entryId, ...request.body }),
      }));
    },
  );

  // ---- parked carts ---------------------------------------------------------------------------

  api.post(
    '/v1/registers/:registerId/parked-carts',
    {
      config: { permission: 'pos:sell' },
      schema: {
        tags: ['registers'],
        summary: 'Park a cart on this register',
        params: registerParams,
        body: z.object({ label: z.string().trim().min(1).max(100), payload: anyJson, ttlMinutes: z.number().int().min(1).max(1440).default(240) }).strict(),
        response: { 201: parkedCartSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await registerInScope(request, request.params.registerId);
      if (request.body.payload === undefined || JSON.stringify(request.body.payload).length > 65_536) {
        throw badRequest('VALIDATION_FAILED', 'The parked cart payload must be JSON of at most 64 KiB.', [{ path: ['body', 'payload'], message: 'JSON of at most 64 KiB' }]);
      }
      return mutate(platform, request, reply, async (uow) => ({
        status: 201,
        body: await parkCart(uow, { organizationId: organizationOf(request), registerId: request.params.registerId, label: request.body.label, payload: request.body.payload, ttlMinutes: request.body.ttlMinutes }),
      }));
    },
  );

  api.get(
    '/v1/registers/:registerId/parked-carts',
    { config: { permission: 'pos:sell' }, schema: { tags: ['registers'], summary: 'Carts parked on this register (not expired)', params: registerParams, response: { 200: parkedCartListSchema, ...errorResponses } } },
    async (request) => {
      await registerInScope(request, request.params.registerId);
      return { items: await listParkedCarts(db, { organizationId: organizationOf(request), registerId: request.params.registerId }) };
    },
  );

  for (const [path, discard] of [['resume', false], ['discard', true]] as const) {
    api.post(
      `/v1/registers/:registerId/parked-carts/:cartId/${path}`,
      {
        config: { permission: 'pos:sell' },
        schema: {
          tags: ['registers'],
          summary: discard ? 'Discard a parked cart' : 'Resume a parked cart (returns its payload, once)',
          params: z.object({ registerId: z.uuid(), cartId: z.uuid() }).strict(),
          response: { 200: parkedCartSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        await registerInScope(request, request.params.registerId);
        return mutate(platform, request, reply, async (uow) => ({
          status: 200,
          body: await resumeCart(uow, { organizationId: organizationOf(request), registerId: request.params.registerId, cartId: request.params.cartId, discard }),
        }));
      },
    );
  }
};
