// E-mail to shoppers: their order's news (placed, ready for pickup, on its way, brought back,
// cancelled), the receipt of every completed sale (online or at the register), password-reset
// links and links that confirm their address. An outbox subscriber, so a mail server that is down means
// retries with backoff and a dead letter in the end, never a lost mail; shopper_mail keeps an event
// delivered again from being mailed twice. Only shoppers with an online account are written to,
// and only when this Verdant has a mail server (SMTP_URL): without one the subscriber is not
// registered at all, so no delivery rows are written for it.
import { MailTransport } from '../../platform/mail';
import type { Platform } from '../../platform/platform';
import { ORDER_COMPLETED, ORDER_PLACED } from '../checkout';
import {
  EMAIL_VERIFICATION_REQUESTED,
  issueEmailVerificationToken,
  issuePasswordResetToken,
  keptCustomerId,
  PASSWORD_RESET_REQUESTED,
  RESET_TTL_MINUTES,
  VERIFICATION_TTL_HOURS,
} from '../customers';
import type { PublishedEvent } from '../events/event-types';
import { ORDER_TRANSITIONED, renderReceipt } from '../orders';

export const SHOP_MAIL_SUBSCRIBER = 'shop.email';

interface Mail {
  kind: string;
  subject: string;
  lines: string[];
  /** The receipt as rendered for print and e-mail (docs/orders-and-checkout.md, Receipts). */
  html?: string;
}

interface OrderNews {
  orderId: string;
  orderNumber: string;
  storeId: string;
  channel: string;
  from?: string;
  to?: string;
  totalCents?: number;
}

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export class ShopMailer {
  private readonly mail: MailTransport;

  constructor(private readonly platform: Platform) {
    this.mail = new MailTransport(platform.config);
  }

  async handle(event: PublishedEvent): Promise<void> {
    const { db } = this.platform.database;
    if (await db.selectFrom('shopper_mail').select('event_id').where('event_id', '=', event.eventId).executeTakeFirst()) return;
    if (event.type === PASSWORD_RESET_REQUESTED) return this.passwordReset(event);
    if (event.type === EMAIL_VERIFICATION_REQUESTED) return this.emailVerification(event);
    if (event.type === ORDER_COMPLETED) return this.receipt(event);
    const news = event.payload as OrderNews;
    if (news.channel !== 'pickup' && news.channel !== 'delivery') return;
    const order = await db
      .selectFrom('sales_order')
      .innerJoin('shopper_account', 'shopper_account.customer_id', 'sales_order.customer_id')
      .innerJoin('store', 'store.id', 'sales_order.store_id')
      .select(['sales_order.customer_id', 'sales_order.status_reason', 'sales_order.total_cents', 'shopper_account.email', 'store.name as store_name', 'store.address as store_address'])
      .where('sales_order.id', '=', news.orderId)
      .executeTakeFirst();
    if (!order?.customer_id) return;
    const reason = broughtBack(news) ? await this.broughtBackReason(news.orderId, event.createdAt) : order.status_reason;
    const mail = orderMail(event.type, news, { reason, totalCents: Number(order.total_cents), storeName: order.store_name, storeAddress: addressLine(order.store_address) });
    if (!mail) return;
    await this.send(event, order.customer_id, order.email, mail);
  }

  /**
   * The driver's reason for bringing the order back. Not the order's reason now: by the time the
   * mail is written (a mail server that was down, a busy outbox) the order may have left again on
   * another run, and its reason is then that run's. The transition this event reports was written
   * in the event's transaction, so it is the last one of its kind no later than the event (the
   * event's time comes to the millisecond, the transition's to the microsecond).
   */
  private async broughtBackReason(orderId: string, eventAt: string): Promise<string | null> {
    const row = await this.platform.database.db
      .selectFrom('sales_order_transition')
      .select('reason')
      .where('order_id', '=', orderId)
      .where('from_status', '=', 'out_for_delivery')
      .where('to_status', '=', 'ready')
      .where('occurred_at', '<', new Date(new Date(eventAt).getTime() + 1))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.reason ?? null;
  }

  /** The receipt of a completed sale, at the register or online, to a customer with an account. */
  private async receipt(event: PublishedEvent): Promise<void> {
    const { db } = this.platform.database;
    const sale = event.payload as { orderId: string; orderNumber: string; customer?: { id: string | null } };
    if (!sale.customer?.id || !event.organizationId) return;
    const account = await this.accountOf(event.organizationId, sale.customer.id);
    if (!account) return;
    const order = await db
      .selectFrom('sales_order')
      .innerJoin('store', 'store.id', 'sales_order.store_id')
      .select(['sales_order.total_cents', 'store.name as store_name'])
      .where('sales_order.id', '=', sale.orderId)
      .executeTakeFirst();
    if (!order) return;
    const html = String(await renderReceipt(db, event.organizationId, sale.orderId, 'html'));
    await this.send(event, account.customerId, account.email, {
      kind: 'receipt',
      subject: `${order.store_name}: your receipt for order ${sale.orderNumber}`,
      lines: [`Thank you for shopping at ${order.store_name}.`, `Order ${sale.orderNumber}: ${money(Number(order.total_cents))}. The receipt is in this e-mail's HTML part.`],
      html,
    });
  }

  /**
   * The reset link asked for. The request's row (named by the event; events from before requests
   * were recorded name none) follows the account through a merge, as the account found here does.
   */
  private async passwordReset(event: PublishedEvent): Promise<void> {
    const { db } = this.platform.database;
    const { customerId: named, storeId, resetId } = event.payload as { customerId: string; storeId: string; resetId?: string };
    const account = event.organizationId ? await this.accountOf(event.organizationId, named) : undefined;
    const store = await db.selectFrom('store').select('name').where('id', '=', storeId).executeTakeFirst();
    if (!account || !store) return;
    const { customerId } = account;
    // The token is made now, for this mail; a mail the server refuses gives it back.
    const issued = await issuePasswordResetToken(db, { organizationId: event.organizationId!, customerId, storeId, resetId });
    // The shopper set a new password (with another link) since asking: nothing to send.
    if (!issued) return;
    const link = `${this.publicUrl()}/app/store/?store=${storeId}#reset=${issued.token}`;
    await this.send(
      event,
      customerId,
      account.email,
      {
        kind: 'password_reset',
        subject: `${store.name}: set a new password`,
        lines: [
          `Someone (we hope you) asked to set a new password for your ${store.name} online-store account.`,
          '',
          `Open this link within ${RESET_TTL_MINUTES} minutes to choose one; it works once:`,
          link,
          '',
          'If you did not ask, ignore this e-mail: your password stays as it is.',
        ],
      },
      () => issued.withdraw(),
    );
  }

  /**
   * The link that confirms the shopper's address. The request's row follows the account through a
   * merge (on update cascade), so it is found by its id, not by the customer the event names.
   */
  private async emailVerification(event: PublishedEvent): Promise<void> {
    const { db } = this.platform.database;
    const { verificationId, storeId } = event.payload as { verificationId: string; storeId: string };
    const asked = await db
      .selectFrom('shopper_email_verification as v')
      .innerJoin('shopper_account as a', 'a.customer_id', 'v.customer_id')
      .innerJoin('store as s', 's.id', 'v.store_id')
      .select(['v.customer_id', 'v.email', 'v.used_at', 'a.email as account_email', 'a.email_verified_at', 's.name as store_name'])
      .where('v.id', '=', verificationId)
      .executeTakeFirst();
    // Confirmed meanwhile (by another link), or the account has another address now: nothing to ask.
    if (!asked || asked.used_at || asked.email_verified_at || asked.email !== asked.account_email) return;
    // The token is made now, for this mail: a mail that fails leaves an unused token that expires.
    const { token } = await issueEmailVerificationToken(db, verificationId);
    const link = `${this.publicUrl()}/app/store/?store=${storeId}#verify=${token}`;
    await this.send(event, asked.customer_id, asked.email, {
      kind: 'email_verification',
      subject: `${asked.store_name}: confirm your e-mail address`,
      lines: [
        `Please confirm that this is your e-mail address for your ${asked.store_name} online-store account: we send your orders' news and receipts here.`,
        '',
        `Open this link within ${VERIFICATION_TTL_HOURS} hours to confirm it:`,
        link,
        '',
        'If you did not open an account, ignore this e-mail: the address stays unconfirmed.',
      ],
    });
  }

  /**
   * The online-store account of the customer an event names. An event written before the
   * customer's record was merged into another names the duplicate, whose sign-in moved to the
   * record kept: look there (only when the first look finds none, so the usual mail costs nothing more).
   */
  private async accountOf(organizationId: string, customerId: string): Promise<{ customerId: string; email: string } | undefined> {
    const { db } = this.platform.database;
    const find = async (id: string) => {
      const row = await db.selectFrom('shopper_account').select('email').where('customer_id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
      return row ? { customerId: id, email: row.email } : undefined;
    };
    const found = await find(customerId);
    if (found) return found;
    const kept = await keptCustomerId(db, organizationId, customerId);
    return kept === customerId ? undefined : find(kept);
  }

  private publicUrl(): string {
    return (this.platform.config.PUBLIC_URL ?? `http://localhost:${this.platform.config.PORT}`).replace(/\/+$/, '');
  }

  /** Mails and logs it; `undelivered` runs when the mail server refuses the mail (the send is retried). */
  private async send(event: PublishedEvent, customerId: string, to: string, mail: Mail, undelivered?: () => Promise<void>): Promise<void> {
    try {
      await this.mail.transporter.sendMail({
        from: this.platform.config.SHOP_EMAIL_FROM,
        to,
        subject: mail.subject,
        // A duplicate sent between the SMTP answer and the row below folds into one in mail clients.
        messageId: `<shop-${event.eventId}@verdant>`,
        headers: { 'X-Verdant-Mail-Kind': mail.kind },
        text: mail.lines.join('\n'),
        ...(mail.html ? { html: mail.html } : {}),
      });
    } catch (error) {
      await undelivered?.();
      throw error;
    }
    await this.platform.database.db.insertInto('shopper_mail').values({ event_id: event.eventId, customer_id: customerId, kind: mail.kind }).onConflict((oc) => oc.doNothing()).execute();
  }

  close(): void {
    this.mail.close();
  }
}

/** What a shopper is told about their order, or null when this change is not news to them. */
function orderMail(type: string, news: OrderNews, order: { reason: string | null; totalCents: number; storeName: string; storeAddress: string }): Mail | null {
  const which = `order ${news.orderNumber}`;
  const at = `${order.storeName}${order.storeAddress ? `, ${order.storeAddress}` : ''}`;
  if (type === ORDER_PLACED) {
    return {
      kind: 'order_placed',
      subject: `${order.storeName}: we have your ${which}`,
      lines: [
        `Thank you: we have your ${which} (${money(order.totalCents)}).`,
        news.channel === 'pickup'
          ? `We will e-mail you when it is ready for pickup at ${at}.`
          : 'We will e-mail you when it is on its way.',
        news.channel === 'pickup' ? 'Bring a valid photo ID: we check it at the counter.' : 'Have a valid photo ID ready: the driver checks it at the door.',
      ],
    };
  }
  if (type !== ORDER_TRANSITIONED) return null;
  if (news.to === 'ready' && news.channel === 'pickup') {
    return { kind: 'order_ready', subject: `${order.storeName}: your ${which} is ready`, lines: [`Your ${which} is ready for pickup at ${at}.`, 'Bring a valid photo ID: we check it at the counter.'] };
  }
  if (news.to === 'out_for_delivery') {
    return { kind: 'order_on_its_way', subject: `${order.storeName}: your ${which} is on its way`, lines: [`Your ${which} has left ${order.storeName} and is on its way.`, 'Have a valid photo ID ready: the driver checks it at the door.'] };
  }
  if (broughtBack(news)) {
    return {
      kind: 'order_brought_back',
      subject: `${order.storeName}: we could not deliver your ${which}`,
      lines: [`We could not hand over your ${which}${order.reason ? ` (${order.reason})` : ''}.`, 'It is back at the store and will go out again; call the store to agree on a time.'],
    };
  }
  if (news.to === 'cancelled' || news.to === 'no_show') {
    return {
      kind: 'order_cancelled',
      subject: `${order.storeName}: your ${which} is cancelled`,
      lines: [`Your ${which} is cancelled${order.reason ? `: ${order.reason}` : ''}.`, 'If you paid anything, it is refunded the way you paid.'],
    };
  }
  return null;
}

/** A delivery order the driver brought back to the store, to go out again. */
function broughtBack(news: OrderNews): boolean {
  return news.to === 'ready' && news.from === 'out_for_delivery';
}

function addressLine(address: unknown): string {
  const a = (address ?? {}) as Record<string, string | undefined>;
  return [a.line1, a.city, [a.region, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** Registers the mailer as an outbox subscriber when a mail server is configured. */
export function registerShopMail(platform: Platform): void {
  if (!platform.config.SMTP_URL) return;
  const mailer = new ShopMailer(platform);
  platform.deliveries.register({
    name: SHOP_MAIL_SUBSCRIBER,
    eventTypes: [PASSWORD_RESET_REQUESTED, EMAIL_VERIFICATION_REQUESTED, ORDER_PLACED, ORDER_TRANSITIONED, ORDER_COMPLETED],
    handle: (event) => mailer.handle(event),
  });
  platform.onClose(async () => mailer.close());
}
