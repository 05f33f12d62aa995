// E-mail to online shoppers through a real SMTP server: a forgotten password (a link that works
// once, for an hour, and signs every other session out), the order's news (placed, ready,
// cancelled) and the receipt of a sale at the register, each mailed once though events are
// delivered at least once, and to the account on the record kept once the shopper's was merged.
// Shoppers here need not confirm their address (SHOP_EMAIL_VERIFICATION=off, so a sign-up mails
// nothing); shop-email-verification.test.ts has the confirmation links and the gate.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPublishedEvent } from '../../src/modules/events/event-types';
import { ShopMailer } from '../../src/modules/shop/shop.mail';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { SmtpSink, type Mail } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitUntil } from '../support/webhook-receiver';

const PASSWORD = 'a-long-shopper-password';
const NEW_PASSWORD = 'another-long-password';

/** The mail's text with quoted-printable undone (long lines and `=` come encoded). */
const textOf = (mail: Mail) =>
  mail.raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('e-mail to shoppers', () => {
  const smtp = new SmtpSink();
  let server: TestServer;
  let fx: CheckoutFixture;
  let manager: string;
  let seq = 0;

  beforeAll(async () => {
    await smtp.start();
    server = await startTestServer({
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://shop.example.test/', SHOP_EMAIL_FROM: 'Harbor Shop <shop@harbor.test>', SHOP_EMAIL_VERIFICATION: 'off' },
    });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
    manager = await server.login('manager');
  });
  afterAll(async () => {
    await server?.close();
    await smtp.stop();
  });

  const db = () => server.platform.database.db;
  const cookieOf = (response: { headers: Record<string, unknown> }) => String((response.headers['set-cookie'] as string[] | string)).split(';')[0];
  const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));
  const publicPost = (path: string, body: unknown) => server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers${path}`, body });

  async function signUp(): Promise<{ cookie: string; customerId: string; email: string }> {
    const email = `mail${++seq}-${Date.now()}@example.test`;
    const response = await publicPost('', { email, password: PASSWORD, firstName: 'Sam', lastName: 'Shopper', birthDate: '1990-04-02' });
    expect(response.statusCode, response.body).toBe(201);
    return { cookie: cookieOf(response), customerId: response.json().customer.id, email };
  }

  /** Asks for a link and waits for its mail: the token in it. */
  async function resetLink(email: string): Promise<string> {
    const before = mailsTo(email).length;
    const asked = await publicPost('/password-reset', { email: email.toUpperCase() });
    expect(asked.statusCode, asked.body).toBe(202);
    await waitUntil(() => mailsTo(email).length > before, 10_000, 'reset e-mail');
    const text = textOf(mailsTo(email).at(-1)!);
    const link = /https:\/\/shop\.example\.test\/app\/store\/\?store=([0-9a-f-]+)#reset=([A-Za-z0-9_-]+)/.exec(text);
    expect(link, text).not.toBeNull();
    expect(link![1]).toBe(fx.storeId);
    return link![2];
  }

  it('a forgotten password: a link by mail that works once, for an hour, and signs every other session out', async () => {
    const { cookie, customerId, email } = await signUp();
    const signIn = (password: string) => publicPost('/sign-in', { email, password });

    // A stranger's address gets the same answer and no mail.
    const stranger = await publicPost('/password-reset', { email: 'nobody-here@example.test' });
    expect(stranger.statusCode).toBe(202);
    const token = await resetLink(email);
    const mail = mailsTo(email).at(-1)!;
    expect(mail.from).toBe('shop@harbor.test');
    expect(textOf(mail)).toContain('works once');
    expect(mailsTo('nobody-here@example.test')).toHaveLength(0);
    // Only the token's hash is kept.
    const stored = await db().selectFrom('shopper_password_reset').select(['id', 'used_at']).where('customer_id', '=', customerId).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).not.toBe(token);

    // Refusals change nothing: the old password still signs in.
    const wrong = await publicPost('/password', { token: 'x'.repeat(43), password: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'RESET_TOKEN_INVALID', details: [{ path: ['body', 'token'] }] });
    const short = await publicPost('/password', { token, password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toEqual(['body', 'password']);
    expect((await signIn(PASSWORD)).statusCode).toBe(200);

    const reset = await publicPost('/password', { token, password: NEW_PASSWORD });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().customer.id).toBe(customerId);
    const fresh = cookieOf(reset);
    expect((await server.request({ method: 'GET', url: '/v1/shop/me', cookie: fresh })).statusCode).toBe(200);
    // Whoever knew the old password is signed out, and it no longer works.
    expect((await server.request({ method: 'GET', url: '/v1/shop/me', cookie })).statusCode).toBe(401);
    expect((await signIn(PASSWORD)).json().error.code).toBe('INVALID_CREDENTIALS');
    expect((await signIn(NEW_PASSWORD)).statusCode).toBe(200);
    // Once only.
    expect((await publicPost('/password', { token, password: 'yet-another-password' })).json().error.code).toBe('RESET_TOKEN_INVALID');

    // An hour later the link is dead.
    const late = await resetLink(email);
    await db().updateTable('shopper_password_reset').set({ expires_at: new Date(Date.now() - 1000) }).where('customer_id', '=', customerId).where('used_at', 'is', null).execute();
    expect((await publicPost('/password', { token: late, password: 'yet-another-password' })).json().error.code).toBe('RESET_TOKEN_INVALID');
    expect((await signIn(NEW_PASSWORD)).statusCode).toBe(200);

    // At most five links an hour to one account: the sixth request is answered alike and mails nothing.
    for (let n = 0; n < 3; n++) await resetLink(email);
    const mailed = mailsTo(email).length;
    expect((await publicPost('/password-reset', { email })).statusCode).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(mailsTo(email)).toHaveLength(mailed);

    const audit = await db().selectFrom('audit_log').select('action').where('entity_id', '=', customerId).where('action', 'like', 'shop.password_reset.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'shop.password_reset.completed',
      'shop.password_reset.refused',
      'shop.password_reset.refused',
      ...Array(6).fill('shop.password_reset.requested'),
    ]);
  });

  it('an order’s news by mail: placed, ready for pickup, cancelled; an event delivered again is not mailed again', async () => {
    const { cookie, customerId, email } = await signUp();
    const shop = (method: string, url: string, body?: unknown) => server.request({ method, url, cookie, body });
    // Confirmation is off: the unconfirmed shopper orders, and the first mail is the order's.
    expect((await shop('GET', '/v1/shop/me')).json().account).toMatchObject({ emailVerified: false, emailVerificationRequired: false });
    const cartId = (await shop('POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' })).json().id;
    expect((await shop('PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 1 }] })).statusCode).toBe(200);
    await shop('PUT', `/v1/shop/carts/${cartId}/fulfillment`, { pickup: { name: 'Sam Shopper', phone: '+15105550100' } });
    const placed = await shop('POST', `/v1/shop/carts/${cartId}/complete`, {});
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().order;
    await waitUntil(() => mailsTo(email).length === 1, 10_000, 'order placed e-mail');
    expect(textOf(mailsTo(email)[0]!)).toContain(`we have your order ${order.number}`);

    for (const to of ['accepted', 'packed', 'ready']) {
      const moved = await server.request({ method: 'POST', url: `/v1/orders/${order.id}/transitions`, cookie: manager, body: { to } });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    await waitUntil(() => mailsTo(email).length === 2, 10_000, 'order ready e-mail');
    expect(textOf(mailsTo(email)[1]!)).toContain(`Your order ${order.number} is ready for pickup`);

    expect((await shop('POST', `/v1/shop/orders/${order.id}/cancel`, { reason: 'plans changed' })).statusCode).toBe(200);
    await waitUntil(() => mailsTo(email).length === 3, 10_000, 'order cancelled e-mail');
    expect(textOf(mailsTo(email)[2]!)).toContain('cancelled: plans changed');
    // The row is written just after the mail server's answer.
    const sentRows = () => db().selectFrom('shopper_mail').select('kind').where('customer_id', '=', customerId).orderBy('sent_at').execute();
    await waitUntil(async () => (await sentRows()).length === 3, 10_000, 'shopper_mail rows');
    const sent = await sentRows();
    expect(sent.map((m) => m.kind)).toEqual(['order_placed', 'order_ready', 'order_cancelled']);

    // The ready event once more (at-least-once delivery): no second mail. accepted and packed were never news.
    const events = await db().selectFrom('outbox_event').selectAll().where('aggregate_id', '=', order.id).where('type', '=', 'orders.order.status_changed').orderBy('id').execute();
    const mailer = new ShopMailer(server.platform);
    for (const event of events) await mailer.handle(toPublishedEvent(event));
    mailer.close();
    expect(mailsTo(email)).toHaveLength(3);
  });

  it('a sale at the register to a customer with an online account mails them its receipt; a walk-in gets none', async () => {
    const { customerId, email } = await signUp();
    const budtender = await server.login('budtender');
    const sell = (customer: object) =>
      server.request({
        method: 'POST',
        url: `/v1/stores/${fx.storeId}/pos-sales`,
        cookie: budtender,
        body: { id: uuidv7(), ...customer, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
      });
    const walkIn = await sell({ customer: { kind: 'adult_use', birthDate: '1980-01-01' } });
    expect(walkIn.statusCode, walkIn.body).toBe(201);
    const sale = await sell({ customerId });
    expect(sale.statusCode, sale.body).toBe(201);
    const order = sale.json().order;
    await waitUntil(() => mailsTo(email).length === 1, 10_000, 'receipt e-mail');
    const mail = textOf(mailsTo(email)[0]!);
    expect(mail).toContain(`your receipt for order ${order.number}`);
    expect(mail).toContain('Content-Type: text/html');
    expect(mail).toContain(order.number);
    // The row is written just after the mail server's answer.
    const kinds = () => db().selectFrom('shopper_mail').select('kind').where('customer_id', '=', customerId).execute();
    await waitUntil(async () => (await kinds()).length > 0, 10_000, 'shopper_mail row');
    expect((await kinds()).map((k) => k.kind)).toEqual(['receipt']);
    // The walk-in's sale was handled too (its event delivered) and mailed nobody.
    const walkInEvent = await db().selectFrom('outbox_event').select('event_id').where('aggregate_id', '=', walkIn.json().order.id).where('type', '=', 'orders.order.completed').executeTakeFirstOrThrow();
    expect(await db().selectFrom('shopper_mail').select('event_id').where('event_id', '=', walkInEvent.event_id).execute()).toHaveLength(0);
  });

  it('a receipt or a reset link asked for before the shopper’s record was merged into another goes to the account, now on the record kept', async () => {
    const { customerId, email } = await signUp();
    const budtender = await server.login('budtender');
    const kept = await server.request({ method: 'POST', url: '/v1/customers', cookie: manager, body: { firstName: 'Sam', lastName: 'Shopper', birthDate: '1990-04-02' } });
    expect(kept.statusCode, kept.body).toBe(201);
    const sale = await server.request({
      method: 'POST',
      url: `/v1/stores/${fx.storeId}/pos-sales`,
      cookie: budtender,
      body: { id: uuidv7(), customerId, lines: [{ skuId: fx.skuId, quantity: 1 }], tenders: [{ kind: 'cash', tenderedCents: 100_000 }] },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    await waitUntil(() => mailsTo(email).length === 1, 10_000, 'receipt e-mail');
    const merged = await server.request({ method: 'POST', url: `/v1/customers/${kept.json().id}/merge`, cookie: manager, body: { duplicateCustomerId: customerId, reason: 'ID checked at pickup' } });
    expect(merged.statusCode, merged.body).toBe(200);

    // Events written before the merge name the duplicate; handled after it, they reach the account.
    const completed = await db().selectFrom('outbox_event').selectAll().where('aggregate_id', '=', sale.json().order.id).where('type', '=', 'orders.order.completed').executeTakeFirstOrThrow();
    const mailer = new ShopMailer(server.platform);
    const late = { ...completed, event_id: uuidv7() };
    const reset = { ...completed, event_id: uuidv7(), type: 'shop.password_reset.requested', aggregate_id: customerId, payload: { customerId, storeId: fx.storeId } };
    await mailer.handle(toPublishedEvent(late));
    await mailer.handle(toPublishedEvent(reset));
    mailer.close();
    expect(mailsTo(email)).toHaveLength(3);
    expect(textOf(mailsTo(email)[2]!)).toContain('set a new password');
    const rows = await db().selectFrom('shopper_mail').select(['event_id', 'customer_id', 'kind']).where('event_id', 'in', [late.event_id, reset.event_id]).orderBy('kind').execute();
    expect(rows).toEqual([
      { event_id: reset.event_id, customer_id: kept.json().id, kind: 'password_reset' },
      { event_id: late.event_id, customer_id: kept.json().id, kind: 'receipt' },
    ]);
    expect(await db().selectFrom('shopper_password_reset').select('customer_id').where('customer_id', '=', kept.json().id).execute()).toHaveLength(1);
  });
});
