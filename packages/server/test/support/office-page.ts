// The back office in a browser tab, as its tests drive it: sign a person in (signing out whoever
// is), wait for the server's answer to a write a click sends, and read a panel's refusal and result.
import type { Browser, Page, Response } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';
import { launchChromium } from './browser';
import type { TestServer } from './test-server';

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

export type OfficeTab = ReturnType<typeof officePage> & {
  url: string;
  browser: Browser;
  page: Page;
  /** Errors the page threw; a test expects none. */
  pageErrors: string[];
  close(): Promise<void>;
};

/** The back office open in Chromium, served by the test server on a free port. */
export async function openOffice(server: TestServer): Promise<OfficeTab> {
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(`${url}/app/office/`);
  return { ...officePage(page), url, browser, page, pageErrors, close: () => browser.close() };
}
