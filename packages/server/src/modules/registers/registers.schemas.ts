// Response schemas of the register routes. They mirror the views the services build
// (registers.sessions.ts, registers.queue.ts, registers.parked-carts.ts) field for field: the
// response schema also serializes the reply, so a field missing here would be dropped and a
// field of another type would turn the answer into a 500.
import { z } from 'zod';

const instant = z.iso.datetime().describe('ISO-8601 instant (UTC)');
/** Staff are referred to by actor id (text), like the audit log. */
const actorId = z.string().describe('Acting staff member (actor id)');

const openSessionSummary = z
  .object({ id: z.uuid(), openedAt: instant, openedBy: actorId })
  .describe('The register’s open session, if any');

export const registerSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    name: z.string(),
    active: z.boolean().describe('A switched-off register cannot open a session'),
  })
  .meta({ id: 'Register', description: 'A register (till) of a store' });

export const registerWithSessionSchema = registerSchema
  .extend({ openSession: openSessionSummary.nullable() })
  .meta({ id: 'RegisterWithSession', description: 'A register with its open session (null when closed)' });

export const registerListSchema = z.object({ items: z.array(registerWithSessionSchema).describe('By name') });

export const registerSessionSchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    registerId: z.uuid(),
    status: z.enum(['open', 'closed']),
    openedBy: actorId,
    openedAt: instant,
    floatCents: z.number().int().describe('Counted opening float'),
    cashSalesCents: z.number().int().optional().describe('Cash taken for sales (omitted, like the other cash counters, in a blind count: see expectedCents)'),
    changeOutCents: z.number().int().optional().describe('Change handed back for sales'),
    cashRefundsCents: z.number().int().optional(),
    dropsCents: z.number().int().optional().describe('Cash dropped to the safe'),
    paidInCents: z.number().int().optional(),
    paidOutCents: z.number().int().optional(),
    saleCount: z.number().int(),
    giftCardSaleCount: z.number().int().describe('Gift cards sold (issued or loaded) on this session; not counted as sales'),
    giftCardSalesCents: z.number().int().describe('Value put on gift cards sold on this session, whatever paid for it (cash or the card terminal)'),
    giftCardCashCents: z.number().int().optional().describe('Cash kept for gift cards sold on this session (handed over − change); part of expected cash'),
    expectedCents: z
      .number()
      .int()
      .optional()
      .describe(
        'Cash the drawer should hold: float + cash sales − change − cash refunds − drops − paid-outs + paid-ins + gift card cash. ' +
          'Omitted for staff without pos:manage while the session is open (a blind count), with the cash counters that add up to it.',
      ),
    closedBy: actorId.nullable(),
    closedAt: instant.nullable(),
    countedCents: z.number().int().nullable().describe('Counted drawer at close'),
    overShortCents: z.number().int().nullable().describe('Counted − expected at close: positive over, negative short'),
    closeNote: z.string().nullable(),
    reviewedBy: actorId.nullable(),
    reviewedAt: instant.nullable(),
    reviewNote: z.string().nullable(),
  })
  .meta({ id: 'RegisterSession', description: 'A register (drawer) session: counted float, cash counters, close and review' });

export const registerSessionListSchema = z.object({ items: z.array(registerSessionSchema).describe('Newest first') });

const registerEventKind = z.enum(['open', 'cash_sale', 'cash_refund', 'drop', 'paid_in', 'paid_out', 'close', 'review', 'gift_card_sale']);

export const registerSessionReportSchema = z
  .object({
    session: registerSessionSchema,
    events: z
      .array(
        z.object({
          id: z.uuid(),
          kind: registerEventKind,
          amountCents: z.number().int().describe('Cash in (sale, gift card sale, paid-in, float, count) or out (drop, paid-out, refund); 0 for a review'),
          changeOutCents: z.number().int().describe('Change handed back (cash sales and gift card sales)'),
          orderId: z.uuid().nullable(),
          giftCardSaleId: z.uuid().nullable().describe('The gift card sale whose cash this is (kind gift_card_sale)'),
          reason: z.string().nullable(),
          witnessId: z.string().nullable().describe('Witness of a drop (staff id)'),
          actorId: actorId.nullable(),
          at: instant,
        }),
      )
      .describe('Every cash movement of the session, oldest first'),
    byStaff: z
      .array(
        z.object({
          actorId: actorId.nullable(),
          cashSales: z.number().int().describe('Number of cash sales'),
          cashSalesCents: z.number().int(),
          changeOutCents: z.number().int(),
          cashRefunds: z.number().int().describe('Number of cash refunds they handed back (returns and voids)'),
          cashRefundsCents: z.number().int().describe('Cash they handed back for returns and voids'),
          drops: z.number().int().describe('Number of drops'),
          dropsCents: z.number().int().describe('Cash they dropped to the safe'),
          paidOuts: z.number().int().describe('Number of paid-outs'),
          paidOutCents: z.number().int(),
          paidIns: z.number().int().describe('Number of paid-ins'),
          paidInCents: z.number().int(),
          giftCardSales: z.number().int().describe('Number of gift cards sold'),
          giftCardSalesCents: z.number().int().describe('Value put on the gift cards they sold'),
          giftCardCashCents: z.number().int().describe('Cash kept for them (handed over − change)'),
        }),
      )
      .describe(
        'Per acting staff member: what they put through the drawer, and the gift cards they sold. Summed over everyone, cashSalesCents − changeOutCents − ' +
          'cashRefundsCents − dropsCents − paidOutCents + paidInCents + giftCardCashCents is expected cash less the float',
      ),
    giftCardSales: z
      .array(
        z.object({
          id: z.uuid(),
          kind: z.enum(['issue', 'load']).describe('A new card, or value added to one'),
          last4: z.string().describe('Last four digits of the card'),
          amountCents: z.number().int().describe('Value put on the card'),
          balanceAfterCents: z.number().int(),
          cashCents: z.number().int().describe('Cash kept for it (handed over − change); the rest was paid on the card terminal'),
          actorId: actorId.nullable(),
          at: instant,
        }),
      )
      .describe('Gift cards sold on this session, oldest first: not cannabis sales (no tax, limits or points)'),
  })
  .meta({ id: 'RegisterSessionReport', description: 'A session’s cash movements and per-budtender totals' });

export const queueEntrySchema = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    source: z.enum(['walk_in', 'online_pickup']),
    customerId: z.uuid().nullable(),
    customerName: z.string().nullable(),
    orderId: z.uuid().nullable().describe('The online order being picked up'),
    idChecked: z.boolean(),
    idCheckedBy: actorId.nullable(),
    status: z.enum(['waiting', 'serving', 'done', 'left']),
    budtenderId: z.string().nullable().describe('The budtender serving the customer (staff id)'),
    note: z.string().nullable(),
    checkedInAt: instant,
    servingAt: instant.nullable(),
    finishedAt: instant.nullable(),
    waitSeconds: z.number().int().describe('Check-in until served (or until now while waiting, or until they left), at the time of the answer'),
    serviceSeconds: z.number().int().nullable().describe('Served until done; null until then'),
  })
  .meta({ id: 'QueueEntry', description: 'A customer in the check-in queue' });

export const queueListSchema = z.object({
  items: z.array(queueEntrySchema).describe('Oldest first'),
  waitingCount: z.number().int().describe('Entries of the answer still waiting'),
  longestWaitSeconds: z.number().int().describe('Longest wait among them (0 when none)'),
});

export const parkedCartSchema = z
  .object({
    id: z.uuid(),
    registerId: z.uuid(),
    storeId: z.uuid(),
    label: z.string(),
    status: z.enum(['parked', 'resumed', 'discarded']),
    parkedBy: actorId.nullable(),
    parkedAt: instant,
    expiresAt: instant,
    resumedBy: actorId.nullable(),
    resumedAt: instant.nullable(),
    payload: z.unknown().optional().describe('The register’s own JSON, as parked; only in the answer to resume'),
  })
  .meta({ id: 'ParkedCart', description: 'A cart set aside on a register' });

export const parkedCartListSchema = z.object({ items: z.array(parkedCartSchema).describe('Not expired, oldest first; without payloads') });

const tenderPayment = z
  .object({
    id: z.uuid(),
    provider: z.enum(['cash', 'terminal']),
    amountCents: z.number().int().describe('Put toward the card'),
    tenderedCents: z.number().int().nullable().describe('Cash handed over'),
    changeCents: z.number().int().describe('Cash handed back (after the store’s cash rounding)'),
    authorizationRef: z.string().describe('The card terminal’s approval reference; an internal reference for cash'),
    cardLast4: z.string().nullable().describe('Last four digits of the debit card, when typed; never more'),
  })
  .describe('A payment taken for the gift card');

export const giftCardSaleSchema = z
  .object({
    id: z.uuid().describe('The register’s own id of the sale'),
    kind: z.enum(['issue', 'load']),
    registerSessionId: z.uuid(),
    storeId: z.uuid(),
    amountCents: z.number().int().describe('Value put on the card'),
    giftCard: z.object({
      id: z.uuid(),
      last4: z.string(),
      balanceCents: z.number().int().describe('The card’s balance right after the sale'),
      code: z
        .string()
        .optional()
        .describe('The code the server generated for a new card (none was scanned): shown in the answer, and again only to the same staff member retrying within 15 minutes'),
    }),
    payments: z.array(tenderPayment),
    changeDueCents: z.number().int().describe('Cash to hand back'),
    soldBy: actorId.nullable(),
    soldAt: instant,
  })
  .meta({ id: 'GiftCardSale', description: 'A gift card issued or loaded at the register and paid for there' });
