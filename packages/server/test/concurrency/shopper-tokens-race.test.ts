// PostgreSQL only: two links mailed to one shopper used at the same moment. Using a reset link
// spends every open reset link of the account, and confirming the address spends every open
// confirmation link, so the two requests touch each other's link: they must take their turns on
// the account (never deadlock, never 500). A connection of the test's own holds the account's
// row while both requests queue behind it, then lets them go at once.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { waitUntilBlocked } from '../support/lock-waits';
import { SmtpSink, type Mail } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitUntil } from '../support/webhook-receiver';

const PASSWORD = 'a-long-shopper-password';

/** The mail's text with quoted-printable undone (long lines and `=` come encoded). */
const textOf = (mail: Mail) =>
  mail.raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe('two links of one shopper used at once (PostgreSQL)', () => {
  const smtp = new SmtpSink();
  let server: TestServer;
  let fx: CheckoutFixture;
  let seq = 0;

  beforeAll(async () => {
    await smtp.start();
    server = await startTestServer({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://shop.example.test' } });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 5 });
  });
  afterAll(async () => {
    await server?.close();
    await smtp.stop();
  });

  const db = () => server.platform.database.db;
  const publicPost = (path: string, body: unknown) => server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers${path}`, body });
  const mailsOf = (email: string, kind: string) => smtp.mails.filter((m) => m.to.includes(email) && m.raw.includes(`X-Verdant-Mail-Kind: ${kind}`));

  async function signUp(): Promise<{ cookie: string; customerId: string; email: string }> {
    const email = `race${++seq}-${Date.now()}@example.test`;
    const answer = await publicPost('', { email, password: PASSWORD, firstName: 'Riley', lastName: 'Race', birthDate: '1988-03-09' });
    expect(answer.statusCode, answer.body).toBe(201);
    return { cookie: String(answer.headers['set-cookie'] as string[] | string).split(';')[0]!, customerId: answer.json().customer.id, email };
  }

  /** Waits for the `n`th mail of `kind` to `email`: the token after `#<fragment>=` in its link. */
  async function mailedToken(email: string, kind: string, fragment: string, n: number): Promise<string> {
    await waitUntil(() => mailsOf(email, kind).length >= n, 10_000, `${kind} e-mail ${n}`);
    const token = new RegExp(`#${fragment}=([A-Za-z0-9_-]+)`).exec(textOf(mailsOf(email, kind)[n - 1]!));
    expect(token).not.toBeNull();
    return token![1]!;
  }

  /**
   * Holds the shopper's account row from a connection of the test's own, starts both requests,
   * waits until both queue behind it, and lets go: the two then run at the same moment.
   */
  async function atOnce<T>(customerId: string, requests: [() => Promise<T>, () => Promise<T>]): Promise<T[]> {
    const holder = new pg.Client({ connectionString: server.testDb.url! });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from shopper_account where customer_id = $1 for update', [customerId]);
      const running = requests.map((request) => request());
      expect(await waitUntilBlocked(holder, 2)).toBe(true);
      await holder.query('commit');
      return await Promise.all(running);
    } finally {
      await holder.end();
    }
  }

  it('two reset links of one account used at once: one sets the password, the other is refused as used; never a 500', async () => {
    const { cookie, customerId, email } = await signUp();
    for (let n = 0; n < 2; n++) expect((await publicPost('/password-reset', { email })).statusCode).toBe(202);
    const tokens = [await mailedToken(email, 'password_reset', 'reset', 1), await mailedToken(email, 'password_reset', 'reset', 2)];
    const passwords = ['first-new-password', 'second-new-password'];

    const answers = await atOnce(customerId, [() => publicPost('/password', { token: tokens[0], password: passwords[0] }), () => publicPost('/password', { token: tokens[1], password: passwords[1] })]);
    expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([200, 400]);
    const refused = answers.find((a) => a.statusCode === 400)!;
    expect(refused.json().error).toMatchObject({ code: 'RESET_TOKEN_INVALID', details: [{ path: ['body', 'token'] }] });
    const winner = answers.findIndex((a) => a.statusCode === 200);
    expect(answers[winner]!.json().customer.id).toBe(customerId);

    // The winner's password signs in, the loser's does not; the old session is over.
    const signIn = (password: string) => publicPost('/sign-in', { email, password });
    expect((await signIn(passwords[winner]!)).statusCode).toBe(200);
    expect((await signIn(passwords[1 - winner]!)).json().error.code).toBe('INVALID_CREDENTIALS');
    expect((await server.request({ method: 'GET', url: '/v1/shop/me', cookie })).statusCode).toBe(401);
    expect((await db().selectFrom('shopper_password_reset').select('used_at').where('customer_id', '=', customerId).execute()).every((r) => r.used_at !== null)).toBe(true);
    const audit = await db().selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', customerId).where('action', 'in', ['shop.password_reset.completed', 'shop.password_reset.refused']).execute();
    expect(audit.map((a) => [a.action, (a.after as { reason?: string } | null)?.reason ?? null]).sort()).toEqual([
      ['shop.password_reset.completed', null],
      ['shop.password_reset.refused', 'used'],
    ]);
  });

  it('two confirmation links of one account opened at once: both answer 200, one confirming, the other finding it confirmed; never a 500', async () => {
    const { cookie, customerId, email } = await signUp();
    const first = await mailedToken(email, 'email_verification', 'verify', 1);
    expect((await server.request({ method: 'POST', url: '/v1/shop/me/verification-email', cookie, body: { storeId: fx.storeId } })).statusCode).toBe(202);
    const second = await mailedToken(email, 'email_verification', 'verify', 2);
    const verify = (token: string) => () => publicPost('/verify-email', { token });

    const answers = await atOnce(customerId, [verify(first), verify(second)]);
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual([200, 200]);
    expect(answers.map((a) => a.json().alreadyVerified).sort()).toEqual([false, true]);
    expect((await server.request({ method: 'GET', url: '/v1/shop/me', cookie })).json().account).toMatchObject({ email, emailVerified: true });
    expect((await db().selectFrom('shopper_email_verification').select('used_at').where('customer_id', '=', customerId).execute()).every((l) => l.used_at !== null)).toBe(true);
    const completed = await db().selectFrom('audit_log').select('id').where('entity_id', '=', customerId).where('action', '=', 'shop.email_verification.completed').execute();
    expect(completed).toHaveLength(1);
  });

  it('a reset link and a confirmation link of one account used at once both go through', async () => {
    const { customerId, email } = await signUp();
    const confirm = await mailedToken(email, 'email_verification', 'verify', 1);
    expect((await publicPost('/password-reset', { email })).statusCode).toBe(202);
    const reset = await mailedToken(email, 'password_reset', 'reset', 1);

    const answers = await atOnce(customerId, [() => publicPost('/verify-email', { token: confirm }), () => publicPost('/password', { token: reset, password: 'a-third-new-password' })]);
    expect(answers.map((a) => a.statusCode), answers.map((a) => a.body).join('\n')).toEqual([200, 200]);
    expect((await publicPost('/sign-in', { email, password: 'a-third-new-password' })).json().account).toMatchObject({ emailVerified: true });
  });
});
