// Debian's Chromium for the browser tests, as .ci/run installs it (`CHROMIUM_PATH` for another);
// never a browser downloaded by playwright.
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo-seed';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * How long `expect.poll` waits for the page by default. Vitest's own default is one second: a
 * screen redrawn after a request to the server (and PostgreSQL) on a loaded CI machine can take
 * longer, and the test failed though the page was right a moment later. A poll returns as soon as
 * it holds, so a long bound costs nothing when all is well. (Vitest puts its configuration back
 * after each file; every browser file launches Chromium first, which sets it again.)
 */
const PAGE_POLL = { timeout: 15_000, interval: 50 };

export function launchChromium(): Promise<Browser> {
  vi.setConfig({ expect: { poll: PAGE_POLL } });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/**
 * The demo manager signs the register app in at a store and opens Register 1's drawer with a float
 * (in dollars); the page then shows the sale screen.
 */
export async function openRegisterAsManager(page: Page, url: string, storeId: string, floatDollars: number): Promise<void> {
  await page.goto(`${url}/app/register/`);
  await page.locator('#sign-in').waitFor();
  await page.fill('input[name=email]', 'manager@demo.verdant.test');
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#till').waitFor();
  await page.selectOption('#store', storeId);
  await page.locator('#register-list button', { hasText: 'Register 1 · closed' }).click();
  await page.fill('#float', String(floatDollars));
  await page.click('#open-session button[type=submit]');
  await page.locator('#sale').waitFor();
}

/**
 * At a stop of the driver app, the customer signs the delivery request receipt: the receipt opened
 * (shown once the server's answer is in), a stroke drawn on the pad with the mouse, the printed
 * name typed, the signature confirmed for the hand-over.
 */
export async function signAtTheDoor(page: Page, stop: Locator, printedName: string): Promise<void> {
  await stop.locator('summary', { hasText: 'Receipt and signature' }).click();
  await expect.poll(() => stop.frameLocator('iframe.receipt').locator('body').textContent()).toContain('DELIVERY REQUEST RECEIPT');
  const canvas = stop.locator('canvas.signature-pad');
  // The mouse works in the viewport: the pad is brought into it first.
  await canvas.scrollIntoViewIfNeeded();
  const pad = (await canvas.boundingBox())!;
  const to = (x: number, y: number) => page.mouse.move(pad.x + pad.width * x, pad.y + pad.height * y, { steps: 3 });
  await to(0.1, 0.6);
  await page.mouse.down();
  for (const [x, y] of [[0.3, 0.3], [0.5, 0.7], [0.7, 0.3], [0.9, 0.6]]) await to(x, y);
  await page.mouse.up();
  await stop.locator('input[name=printedName]').fill(printedName);
  await stop.getByRole('button', { name: 'Confirm signature' }).click();
  await expect.poll(() => stop.locator('.signed').textContent()).toContain(`Signed by ${printedName}`);
}
