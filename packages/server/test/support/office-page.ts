// The back office in a browser tab, as its tests drive it: sign a person in (signing out whoever
// is), wait for the server's answer to a write a click sends, and read a panel's refusal and result.
import type { Page, Response } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';

export function officePage(page: Page) {
  let signedIn: string | null = null;
  return {
    /** Signs in with the demo password; nothing to do when that person is signed in already. */
    async signInAs(email: string) {
      if (signedIn === email) return;
      if (signedIn) await page.click('#sign-out');
      await page.locator('#sign-in').waitFor();
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await page.click('#sign-in-form button[type=submit]');
      await page.locator('#office').waitFor();
      signedIn = email;
    },
    /** Clicks and waits for the server's answer to the write it sends to `path`. */
    async answerTo(click: () => Promise<void>, path: string): Promise<Response> {
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() !== 'GET' && new URL(r.url()).pathname === path), click()]);
      return response;
    },
    refusal: (panel: string) => page.locator(`#${panel} .refusal`),
    result: (panel: string) => page.locator(`#${panel} .result`),
  };
}
