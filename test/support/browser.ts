import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describeIfServed } from './required-service.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, launched headless with the workplace's flags; never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 30_000,
  });
}

/** `describe` when Chromium is installed (skipped, or failing with `CHAT_REQUIRE_BROWSER=1`, when not). */
export function describeWithBrowser(name: string, body: () => void): void {
  describeIfServed(
    {
      name: 'Chromium',
      where: CHROMIUM_PATH,
      answered: existsSync(CHROMIUM_PATH),
      required: process.env.CHAT_REQUIRE_BROWSER === '1',
      hint: 'Install it with "apt-get install -y chromium" (CI does, and sets CHAT_REQUIRE_BROWSER=1).',
    },
    name,
    body,
  );
}

/** How long the demo page tests wait for what the page shows. */
export const UI_WAIT = { timeout: 5000 };

/** What a person does on the demo page at `url`, in a browser context of its own per page. */
export function demoPageOf(browser: Browser, url: () => string) {
  return {
    async openAs(nickname: string): Promise<Page> {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(UI_WAIT.timeout);
      await page.goto(`${url()}/`);
      await page.fill('#nickname', nickname);
      await page.click('#connect');
      await page.waitForSelector('#app', { ...UI_WAIT, state: 'visible' });
      await page.waitForSelector('#login', { ...UI_WAIT, state: 'hidden' });
      await page.waitForSelector(
        `#status:has-text("online as ${nickname}")`,
        UI_WAIT,
      );
      return page;
    },
    async join(page: Page, room: string) {
      await page.fill('#room-input', room);
      await page.click('#join');
      await page.waitForSelector(`#my-rooms li[data-room="${room}"]`, UI_WAIT);
    },
    async say(page: Page, text: string) {
      await page.fill('#message-input', text);
      await page.click('#send');
    },
  };
}
