// The online store's forgotten password in a real browser, with a real SMTP server: the shopper
// asks for a link, follows the one that arrives by e-mail, chooses a new password and is signed
// in; the old password and the spent link no longer work.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { stockedSku, type CheckoutFixture } from '../support/checkout-fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { startTestServer, type TestServer } from '../support/test-server';
import { waitUntil } from '../support/webhook-receiver';

describe('online store app: a forgotten password (Chromium)', () => {
  const smtp = new SmtpSink();
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let url: string;
  let fx: CheckoutFixture;

  beforeAll(async () => {
    await smtp.start();
    server = await startTestServer({ env: { SMTP_URL: smtp.url } });
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    fx = await stockedSku(server.platform.database.db, server.organizationId, { quantity: 5 });
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp.stop();
  });

  it('asks for a link, follows it from the e-mail, sets a new password and is signed in', async () => {
    const email = `forgot-${Date.now()}@example.test`;
    const signUp = await server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers`, body: { email, password: 'the-old-long-password', firstName: 'Fran', lastName: 'Forgetful', birthDate: '1980-01-01' } });
    expect(signUp.statusCode).toBe(201);

    await page.goto(`${url}/app/store/?store=${fx.storeId}`);
    await page.locator('#show-account').click();
    await page.locator('#forgot summary').click();
    await page.fill('#reset-request-form input[name=email]', email);
    await page.getByRole('button', { name: 'E-mail me a link' }).click();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('a link to set a new password is on its way');

    // The sign-up's own mail (a link to confirm the address) is not the one.
    const resetMail = () => smtp.mails.find((m) => m.to.includes(email) && m.raw.includes('X-Verdant-Mail-Kind: password_reset'));
    await waitUntil(() => resetMail() !== undefined, 10_000, 'reset e-mail');
    const text = resetMail()!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    // The mail links to PUBLIC_URL (here the default); the same page and token on this test server.
    const link = /http:\/\/localhost:\d+(\/app\/store\/\?store=[0-9a-f-]+#reset=[A-Za-z0-9_-]+)/.exec(text);
    expect(link, text).not.toBeNull();
    await page.goto(`${url}${link![1]}`);
    await page.locator('#new-password-form').waitFor();
    await page.fill('#new-password-form input[name=password]', 'the-new-long-password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toBe('Fran Forgetful');
    expect(page.url()).not.toContain('reset=');

    const signIn = (password: string) => server.request({ method: 'POST', url: `/v1/public/stores/${fx.storeId}/shoppers/sign-in`, body: { email, password } });
    expect((await signIn('the-old-long-password')).statusCode).toBe(401);
    expect((await signIn('the-new-long-password')).statusCode).toBe(200);
    // The link is spent: opened again, the page shows the server's refusal.
    await page.goto(`${url}${link![1]}`);
    await page.fill('#new-password-form input[name=password]', 'a-third-long-password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect.poll(() => page.locator('#error').textContent()).toContain('RESET_TOKEN_INVALID');
  });
});
