// A shopper confirms their e-mail address (a link mailed through a real SMTP server) before the
// online store holds stock for them or takes their order. Until then they may fill a cart and see
// the limit meter; holding and completing are refused with nothing changed. The link's token is
// kept only as a hash; a stale, expired or unknown one changes nothing. Without a mail server the
// gate is off.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerMatches, stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { SmtpSink, type Mail } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitUntil } from '../support/webhook-receiver';

const PASSWORD = 'a-long-shopper-password';

type Response = Awaited<ReturnType<TestServer['request']>>;

/** The mail's text with quoted-printable undone (long lines and `=` come encoded). */
const textOf = (mail: Mail) =>
  mail.raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const cookieOf = (response: Response) => String(response.headers['set-cookie'] as string[] | string).split(';')[0];

describe('shoppers confirm their e-mail address before ordering', () => {
  const smtp = new SmtpSink();
  let server: TestServer;
  let fx: CheckoutFixture;
  let seq = 0;

  beforeAll(async () => {
    await smtp.start();
    server = await startTestServer({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://shop.example.test' } });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 20 });
  });
  afterAll(async () => {
    await server?.close();
    await smtp.stop();
  });

  const db = () => server.platform.database.db;
  const confirmations = (email: string) => smtp.mails.filter((m) => m.to.includes(email) && m.raw.includes('X-Verdant-Mail-Kind: email_verification'));
  const shop = (cookie: string, method: string, url: string, body?: unknown) => server.request({ method, url, cookie, body });
  const verify = (token: string) => server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/verify-email`, body: { token } });

  async function signUp(): Promise<{ cookie: string; customerId: string; email: string; answer: Response }> {
    const email = `confirm${++seq}-${Date.now()}@example.test`;
    const answer = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${fx.storeId}/shoppers`,
      body: { email, password: PASSWORD, firstName: 'Casey', lastName: 'Confirm', birthDate: '1987-06-15' },
    });
    expect(answer.statusCode, answer.body).toBe(201);
    return { cookie: cookieOf(answer), customerId: answer.json().customer.id, email, answer };
  }

  /** Waits for the `n`th confirmation mail to `email`: the token in its link. */
  async function mailedToken(email: string, n: number): Promise<string> {
    await waitUntil(() => confirmations(email).length >= n, 10_000, `confirmation e-mail ${n}`);
    const text = textOf(confirmations(email)[n - 1]!);
    const link = /https:\/\/shop\.example\.test\/app\/store\/\?store=([0-9a-f-]+)#verify=([A-Za-z0-9_-]+)/.exec(text);
    expect(link, text).not.toBeNull();
    expect(link![1]).toBe(fx.storeId);
    return link![2];
  }

  /** Everything a refused request must leave as it was, for one shopper (and their cart). */
  async function shopperState(customerId: string, cartId?: string) {
    const rows = async (query: ReturnType<typeof sql>) => (await sql<{ t: string }>`select t::text as t from (${query}) t order by 1`.execute(db())).rows.map((r) => r.t);
    return {
      account: await rows(sql`select * from shopper_account where customer_id = ${customerId}`),
      links: await rows(sql`select * from shopper_email_verification where customer_id = ${customerId}`),
      orders: await rows(sql`select * from sales_order where customer_id = ${customerId}`),
      carts: await rows(sql`select * from sales_cart where customer_id = ${customerId}`),
      holds: cartId ? await rows(sql`select * from inventory_reservation where reference = ${`cart:${cartId}`}`) : [],
      audit: await rows(sql`select id, action from audit_log where actor_id = ${customerId} or entity_id = ${customerId} ${cartId ? sql`or entity_id = ${cartId}` : sql``}`),
      events: await rows(
        sql`select id, type from outbox_event where aggregate_id = ${customerId} or payload->>'customerId' = ${customerId} ${cartId ? sql`or aggregate_id = ${cartId}` : sql``}`,
      ),
      ledger: await ledgerMatches(db(), fx.packageId),
    };
  }

  it('a sign-up mails one link; it confirms the address once; an unknown, expired or stale link changes nothing', async () => {
    const { cookie, customerId, email, answer } = await signUp();
    expect(answer.json().account).toEqual({ email, emailVerified: false, emailVerifiedAt: null, emailVerificationRequired: true });
    const token = await mailedToken(email, 1);
    const mail = confirmations(email)[0]!;
    expect(textOf(mail)).toContain('confirm your e-mail address');
    expect(textOf(mail)).toContain('within 24 hours');

    // The token is nowhere in the database: the link keeps its hash, the mail log its kind.
    const sent = () => db().selectFrom('shopper_mail').select(['kind', 'customer_id']).where('customer_id', '=', customerId).execute();
    await waitUntil(async () => (await sent()).length === 1, 10_000, 'shopper_mail row');
    expect(await sent()).toEqual([{ kind: 'email_verification', customer_id: customerId }]);
    for (const table of ['shopper_email_verification', 'shopper_mail', 'audit_log', 'outbox_event', 'shopper_account']) {
      const found = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} t where t::text like ${`%${token}%`}`.execute(db());
      expect(found.rows[0]!.n, table).toBe(0);
    }
    expect((await shop(cookie, 'GET', '/v1/shop/me')).json().account).toMatchObject({ emailVerified: false });

    // A second link, asked for from the store, which then expires.
    const resent = await shop(cookie, 'POST', '/v1/shop/me/verification-email', { storeId: fx.storeId });
    expect(resent.statusCode, resent.body).toBe(202);
    const late = await mailedToken(email, 2);
    expect(late).not.toBe(token);
    await db().updateTable('shopper_email_verification').set({ expires_at: new Date(Date.now() - 1000) }).where('customer_id', '=', customerId).where('created_at', '=', sql<Date>`(select max(created_at) from shopper_email_verification where customer_id = ${customerId})`).execute();

    const before = await shopperState(customerId);
    for (const refused of [await verify('x'.repeat(43)), await verify(late)]) {
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'VERIFICATION_TOKEN_INVALID', details: [{ path: ['body', 'token'] }] });
    }
    const malformed = await verify('short');
    expect(malformed.json().error.code).toBe('VALIDATION_FAILED');
    expect(await shopperState(customerId)).toEqual(before);

    const confirmed = await verify(token);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ emailVerified: true, alreadyVerified: false });
    const me = (await shop(cookie, 'GET', '/v1/shop/me')).json().account;
    expect(me).toMatchObject({ email, emailVerified: true, emailVerificationRequired: true });
    expect(Date.parse(me.emailVerifiedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Every open link of the account is spent.
    expect((await db().selectFrom('shopper_email_verification').select('used_at').where('customer_id', '=', customerId).execute()).every((l) => l.used_at !== null)).toBe(true);

    // The same link opened again says so and changes nothing; the expired one still answers
    // confirmed, as the address is.
    const settled = await shopperState(customerId);
    const again = await verify(token);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ emailVerified: true, alreadyVerified: true });
    expect(await shopperState(customerId)).toEqual(settled);
    // Asking again once confirmed mails nothing (answered alike).
    expect((await shop(cookie, 'POST', '/v1/shop/me/verification-email', { storeId: fx.storeId })).statusCode).toBe(202);

    // A new address is not confirmed, and a link to the old one does not confirm it.
    await db().updateTable('shopper_account').set({ email: `moved-${email}` }).where('customer_id', '=', customerId).execute();
    expect((await shop(cookie, 'GET', '/v1/shop/me')).json().account).toMatchObject({ email: `moved-${email}`, emailVerified: false, emailVerifiedAt: null });
    const moved = await shopperState(customerId);
    expect((await verify(token)).json().error.code).toBe('VERIFICATION_TOKEN_INVALID');
    expect(await shopperState(customerId)).toEqual(moved);

    const audit = await db().selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', customerId).where('action', 'like', 'shop.email_verification.%').orderBy('id').execute();
    expect(audit.map((a) => [a.action, (a.after as { reason?: string } | null)?.reason ?? null])).toEqual([
      ['shop.email_verification.requested', null],
      ['shop.email_verification.requested', null],
      ['shop.email_verification.completed', null],
      ['shop.email_verification.requested', 'verified_already'],
    ]);
    expect(confirmations(email)).toHaveLength(2);
  });

  it('unconfirmed, a shopper fills a cart with the limit meter but holds nothing and places no order; confirmed, they do', async () => {
    const { cookie, customerId, email } = await signUp();
    const token = await mailedToken(email, 1);
    const cartId = (await shop(cookie, 'POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' })).json().id as string;
    const reservedBefore = (await ledgerMatches(db(), fx.packageId)).reserved;

    const filled = await shop(cookie, 'PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 2 }] });
    expect(filled.statusCode, filled.body).toBe(200);
    expect(filled.json().hold).toBeNull();
    expect(filled.json().limits.find((l: { used: number }) => l.used > 0)).toMatchObject({ used: 7000, remaining: 21500 });
    expect((await ledgerMatches(db(), fx.packageId)).reserved).toBe(reservedBefore);
    // Over the limit is refused as for anyone.
    expect((await shop(cookie, 'PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 9 }] })).json().error.code).toBe('COMPLIANCE_BLOCKED');
    expect((await shop(cookie, 'PUT', `/v1/shop/carts/${cartId}/fulfillment`, { pickup: { name: 'Casey Confirm', phone: '+15105550123' } })).statusCode).toBe(200);

    const before = await shopperState(customerId, cartId);
    for (const [url, body] of [
      [`/v1/shop/carts/${cartId}/hold`, undefined],
      [`/v1/shop/carts/${cartId}/complete`, {}],
    ] as const) {
      const refused = await shop(cookie, 'POST', url, body);
      expect(refused.statusCode, `${url}: ${refused.body}`).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'EMAIL_NOT_VERIFIED', details: { email } });
      expect(refused.json().error.message).toContain(email);
    }
    expect(await shopperState(customerId, cartId)).toEqual(before);
    expect(before.orders).toEqual([]);
    expect(before.holds).toEqual([]);

    expect((await verify(token)).statusCode).toBe(200);
    const held = await shop(cookie, 'POST', `/v1/shop/carts/${cartId}/hold`);
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json().hold).not.toBeNull();
    expect((await ledgerMatches(db(), fx.packageId)).reserved).toBe(reservedBefore + 2);
    const placed = await shop(cookie, 'POST', `/v1/shop/carts/${cartId}/complete`, {});
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().order).toMatchObject({ channel: 'pickup', status: 'placed', customer: { id: customerId } });
    // Lines changed once confirmed are held at once.
    const next = (await shop(cookie, 'POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' })).json().id as string;
    expect((await shop(cookie, 'PUT', `/v1/shop/carts/${next}/lines`, { lines: [{ skuId: fx.skuId, quantity: 1 }] })).json().hold).not.toBeNull();
    const ledger = await ledgerMatches(db(), fx.packageId);
    expect([ledger.onHand, ledger.reserved]).toEqual([ledger.ledgerOnHand, ledger.ledgerReserved]);
  });

  it('a link mailed before staff merged the shopper’s record into another confirms the account, now on the record kept', async () => {
    const { cookie, customerId, email } = await signUp();
    const token = await mailedToken(email, 1);
    const manager = await server.login('manager');
    const kept = await server.request({ method: 'POST', url: '/v1/customers', cookie: manager, body: { firstName: 'Casey', lastName: 'Confirm', birthDate: '1987-06-15' } });
    expect(kept.statusCode, kept.body).toBe(201);
    const merged = await server.request({ method: 'POST', url: `/v1/customers/${kept.json().id}/merge`, cookie: manager, body: { duplicateCustomerId: customerId, reason: 'ID checked at pickup' } });
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await verify(token)).json()).toEqual({ emailVerified: true, alreadyVerified: false });
    expect((await shop(cookie, 'GET', '/v1/shop/me')).json()).toMatchObject({ customer: { id: kept.json().id }, account: { email, emailVerified: true } });
  });

  it('at most five links an hour, the sign-up’s included, even asked for at once; a link opened twice at once confirms once', async () => {
    const { cookie, customerId, email } = await signUp();
    await mailedToken(email, 1);
    // Eight at once: counted one after the other under the account's lock, four more links, no more.
    const asked = await Promise.all(Array.from({ length: 8 }, () => shop(cookie, 'POST', '/v1/shop/me/verification-email', { storeId: fx.storeId })));
    expect(asked.map((a) => a.statusCode)).toEqual(Array(8).fill(202));
    const token = await mailedToken(email, 5);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(confirmations(email)).toHaveLength(5);
    expect(await db().selectFrom('shopper_email_verification').select('id').where('customer_id', '=', customerId).execute()).toHaveLength(5);
    const reasons = await db().selectFrom('audit_log').select('after').where('entity_id', '=', customerId).where('action', '=', 'shop.email_verification.requested').execute();
    expect(reasons.filter((r) => (r.after as { reason?: string } | null)?.reason === 'too_many_links')).toHaveLength(4);

    // The same link opened twice at once confirms once.
    const both = await Promise.all([verify(token), verify(token)]);
    expect(both.map((b) => b.json().alreadyVerified).sort()).toEqual([false, true]);
    expect(await db().selectFrom('audit_log').select('id').where('entity_id', '=', customerId).where('action', '=', 'shop.email_verification.completed').execute()).toHaveLength(1);
    // A store of no organization of the shopper's is not found; without a session, 401.
    expect((await shop(cookie, 'POST', '/v1/shop/me/verification-email', { storeId: '01900000-0000-7000-8000-00000000abcd' })).statusCode).toBe(404);
    expect((await server.request({ method: 'POST', url: '/v1/shop/me/verification-email', body: { storeId: fx.storeId } })).statusCode).toBe(401);
  });

  it('a new password set from a mailed reset link confirms the address too', async () => {
    const { email } = await signUp();
    const asked = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/password-reset`, body: { email } });
    expect(asked.statusCode).toBe(202);
    const resetMail = () => smtp.mails.find((m) => m.to.includes(email) && m.raw.includes('X-Verdant-Mail-Kind: password_reset'));
    await waitUntil(() => resetMail() !== undefined, 10_000, 'reset e-mail');
    const resetToken = /#reset=([A-Za-z0-9_-]+)/.exec(textOf(resetMail()!))![1]!;
    const reset = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/password`, body: { token: resetToken, password: 'another-long-password' } });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().account).toMatchObject({ emailVerified: true });
  });
});

describe('without a mail server, shoppers order without confirming', () => {
  let server: TestServer;
  let fx: CheckoutFixture;

  beforeAll(async () => {
    server = await startTestServer();
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 5 });
  });
  afterAll(() => server?.close());

  it('the gate is off: items are held and the order placed; no link can be asked for', async () => {
    const email = `no-mail-${Date.now()}@example.test`;
    const signedUp = await server.request({
      method: 'POST',
      url: `/v1/public/stores/${fx.storeId}/shoppers`,
      body: { email, password: PASSWORD, firstName: 'Nora', lastName: 'Nomail', birthDate: '1985-01-01' },
    });
    expect(signedUp.statusCode, signedUp.body).toBe(201);
    expect(signedUp.json().account).toEqual({ email, emailVerified: false, emailVerifiedAt: null, emailVerificationRequired: false });
    const cookie = cookieOf(signedUp);
    const customerId = signedUp.json().customer.id as string;
    expect(await server.platform.database.db.selectFrom('shopper_email_verification').select('id').where('customer_id', '=', customerId).execute()).toEqual([]);

    const shop = (method: string, url: string, body?: unknown) => server.request({ method, url, cookie, body });
    const cartId = (await shop('POST', '/v1/shop/carts', { storeId: fx.storeId, channel: 'pickup' })).json().id as string;
    const held = await shop('PUT', `/v1/shop/carts/${cartId}/lines`, { lines: [{ skuId: fx.skuId, quantity: 1 }] });
    expect(held.json().hold).not.toBeNull();
    expect((await shop('POST', `/v1/shop/carts/${cartId}/hold`)).statusCode).toBe(200);
    await shop('PUT', `/v1/shop/carts/${cartId}/fulfillment`, { pickup: { name: 'Nora Nomail', phone: '+15105550177' } });
    const placed = await shop('POST', `/v1/shop/carts/${cartId}/complete`, {});
    expect(placed.statusCode, placed.body).toBe(201);

    const resend = await shop('POST', '/v1/shop/me/verification-email', { storeId: fx.storeId });
    expect(resend.statusCode).toBe(503);
    expect(resend.json().error.code).toBe('MAIL_NOT_CONFIGURED');
  });
});
