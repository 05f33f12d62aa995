// One shopper account gets at most five password-reset links an hour, however the requests come:
// all at once, or while the mail server is down (when no mail has gone out yet). Each request
// is counted in its own transaction under the account's row lock; every request answers 202
// alike, for an address with no account too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPublishedEvent } from '../../src/modules/events/event-types';
import { ShopMailer } from '../../src/modules/shop/shop.mail';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { SmtpSink, type Mail } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitUntil } from '../support/webhook-receiver';

const PASSWORD = 'a-long-shopper-password';
const LINKS_PER_HOUR = 5;

/** The mail's text with quoted-printable undone (long lines and `=` come encoded). */
const textOf = (mail: Mail) =>
  mail.raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Signs a shopper up at `server`'s store: their customer id. */
async function signUp(server: TestServer, storeId: string, email: string): Promise<string> {
  const answer = await server.request({
    method: 'POST',
    url: `/v1/public/stores/${storeId}/shoppers`,
    body: { email, password: PASSWORD, firstName: 'Robin', lastName: 'Reset', birthDate: '1986-11-20' },
  });
  expect(answer.statusCode, answer.body).toBe(201);
  return answer.json().customer.id;
}

/** The reasons on the account's `shop.password_reset.requested` audit rows, sorted (null, a link was asked for, first). */
async function requestReasons(server: TestServer, customerId: string): Promise<Array<string | null>> {
  const rows = await server.platform.database.db
    .selectFrom('audit_log')
    .select('after')
    .where('entity_id', '=', customerId)
    .where('action', '=', 'shop.password_reset.requested')
    .execute();
  return rows.map((r) => (r.after as { reason?: string } | null)?.reason ?? null).sort();
}

const resetRows = (server: TestServer, customerId: string) =>
  server.platform.database.db.selectFrom('shopper_password_reset').select(['id', 'used_at']).where('customer_id', '=', customerId).execute();

describe('at most five reset links an hour to one account', () => {
  const smtp = new SmtpSink();
  let server: TestServer;
  let fx: CheckoutFixture;

  beforeAll(async () => {
    await smtp.start();
    server = await startTestServer({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://shop.example.test', SHOP_EMAIL_VERIFICATION: 'off' } });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 5 });
  });
  afterAll(async () => {
    await server?.close();
    await smtp.stop();
  });

  const ask = (email: string) => server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/password-reset`, body: { email } });
  const resetMails = (email: string) => smtp.mails.filter((m) => m.to.includes(email) && m.raw.includes('X-Verdant-Mail-Kind: password_reset'));

  it('ten requests at once mail five links and record five; the rest, and strangers, are answered alike', async () => {
    const email = `cap-${Date.now()}@example.test`;
    const customerId = await signUp(server, fx.storeId, email);
    const stranger = `nobody-${Date.now()}@example.test`;

    const answers = await Promise.all([...Array.from({ length: 10 }, () => ask(email)), ask(stranger), ask(stranger.toUpperCase())]);
    expect(answers.map((a) => a.statusCode)).toEqual(Array(12).fill(202));
    expect(new Set(answers.map((a) => a.body))).toEqual(new Set([JSON.stringify({ requested: true })]));

    // Counted in the requests themselves, before any mail is written.
    expect(await resetRows(server, customerId)).toHaveLength(LINKS_PER_HOUR);
    expect(await requestReasons(server, customerId)).toEqual([...Array(LINKS_PER_HOUR).fill(null), ...Array(LINKS_PER_HOUR).fill('too_many_links')]);

    await waitUntil(() => resetMails(email).length >= LINKS_PER_HOUR, 10_000, 'five reset e-mails');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(resetMails(email)).toHaveLength(LINKS_PER_HOUR);
    expect(resetMails(stranger)).toHaveLength(0);
    expect(await resetRows(server, customerId)).toHaveLength(LINKS_PER_HOUR);

    // Every mailed link works (once: the first spends the others).
    const tokens = resetMails(email).map((m) => /#reset=([A-Za-z0-9_-]+)/.exec(textOf(m))![1]!);
    expect(new Set(tokens).size).toBe(LINKS_PER_HOUR);
    const used = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/password`, body: { token: tokens[3], password: 'a-new-long-password' } });
    expect(used.statusCode, used.body).toBe(200);
    const spent = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/password`, body: { token: tokens[0], password: 'another-new-password' } });
    expect(spent.json().error.code).toBe('RESET_TOKEN_INVALID');

    // The hour's allowance is spent: one more request mails nothing.
    expect((await ask(email)).statusCode).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(resetMails(email)).toHaveLength(LINKS_PER_HOUR);
  });

  it('a link asked for before the password was set with another link is not mailed', async () => {
    const email = `spent-${Date.now()}@example.test`;
    const customerId = await signUp(server, fx.storeId, email);
    expect((await ask(email)).statusCode).toBe(202);
    await waitUntil(() => resetMails(email).length === 1, 10_000, 'reset e-mail');
    const token = /#reset=([A-Za-z0-9_-]+)/.exec(textOf(resetMails(email)[0]!))![1]!;

    // A second request whose mail is still to be written when the first link is used.
    const db = server.platform.database.db;
    await server.platform.deliveries.stop();
    try {
      expect((await ask(email)).statusCode).toBe(202);
      const reset = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/password`, body: { token, password: 'a-new-long-password' } });
      expect(reset.statusCode, reset.body).toBe(200);
      const pending = await db.selectFrom('outbox_event').selectAll().where('aggregate_id', '=', customerId).where('type', '=', 'shop.password_reset.requested').orderBy('id', 'desc').executeTakeFirstOrThrow();
      const mailer = new ShopMailer(server.platform);
      await mailer.handle(toPublishedEvent(pending));
      mailer.close();
    } finally {
      server.platform.deliveries.start();
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(resetMails(email)).toHaveLength(1);
    expect((await resetRows(server, customerId)).map((r) => r.used_at !== null)).toEqual([true, true]);
  });
});

describe('at most five reset links an hour while the mail server is down', () => {
  const smtp = new SmtpSink();
  let server: TestServer;
  let fx: CheckoutFixture;

  beforeAll(async () => {
    // A mail server that was there and is gone: its port refuses connections.
    const gone = new SmtpSink();
    await gone.start();
    await gone.stop();
    await smtp.start();
    server = await startTestServer({
      env: { SMTP_URL: gone.url, PUBLIC_URL: 'https://shop.example.test', SHOP_EMAIL_VERIFICATION: 'off' },
      dispatcher: { maxAttempts: 3 },
    });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 5 });
  });
  afterAll(async () => {
    await server?.close();
    await smtp.stop();
  });

  it('the requests are counted all the same; retried mails add no links; once the server is back, five links are mailed', async () => {
    const db = server.platform.database.db;
    const email = `down-${Date.now()}@example.test`;
    const customerId = await signUp(server, fx.storeId, email);
    const ask = () => server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/password-reset`, body: { email } });

    const answers = await Promise.all(Array.from({ length: 10 }, ask));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(202));
    for (let n = 0; n < 3; n++) expect((await ask()).statusCode).toBe(202);
    expect(await requestReasons(server, customerId)).toEqual([...Array(LINKS_PER_HOUR).fill(null), ...Array(8).fill('too_many_links')]);
    expect(await resetRows(server, customerId)).toHaveLength(LINKS_PER_HOUR);

    // Every try at mailing fails until the deliveries give up; the links stay five.
    const events = await db.selectFrom('outbox_event').selectAll().where('aggregate_id', '=', customerId).where('type', '=', 'shop.password_reset.requested').execute();
    expect(events).toHaveLength(LINKS_PER_HOUR);
    const deliveries = () =>
      db
        .selectFrom('outbox_delivery')
        .select(['status', 'attempts'])
        .where('subscriber', '=', 'shop.email')
        .where('event_id', 'in', events.map((e) => e.id))
        .execute();
    await waitUntil(async () => (await deliveries()).filter((d) => d.status === 'dead').length === LINKS_PER_HOUR, 20_000, 'deliveries given up');
    expect((await deliveries()).every((d) => d.attempts === 3)).toBe(true);
    expect(await resetRows(server, customerId)).toHaveLength(LINKS_PER_HOUR);

    // The mail server is back (the events handled again, as an operator's retry of the dead letters would).
    const mailer = new ShopMailer({ ...server.platform, config: { ...server.platform.config, SMTP_URL: smtp.url } });
    for (const event of events) await mailer.handle(toPublishedEvent(event));
    mailer.close();
    const mails = smtp.mails.filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(LINKS_PER_HOUR);
    expect(await resetRows(server, customerId)).toHaveLength(LINKS_PER_HOUR);
    const token = /#reset=([A-Za-z0-9_-]+)/.exec(textOf(mails[4]!))![1]!;
    const reset = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/password`, body: { token, password: 'a-new-long-password' } });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await resetRows(server, customerId)).every((r) => r.used_at !== null)).toBe(true);
  });
});
