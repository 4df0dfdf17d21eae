import type { Browser, Page } from 'playwright-core';
import { ChatHarness } from './support/harness.js';
import { describeWithBrowser, launchChromium } from './support/browser.js';
import { freePort } from './support/http.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';

const UI_WAIT = { timeout: 5000 };
const POSTS = 40;

describeWithBrowser('demo page with durable history', () => {
  describeWithPostgres('in Chromium', () => {
    let database: TestDatabase;
    let chat: ChatHarness;
    let browser: Browser;
    let port: number;
    const start = async () => {
      chat = await ChatHarness.start(
        { historyLimit: 5, database: { url: database.url } },
        { demoPage: true },
        port,
      );
    };

    beforeAll(async () => {
      database = await TestDatabase.create();
      port = await freePort();
      await start();
      browser = await launchChromium();
    }, 40_000);
    afterAll(async () => {
      await browser?.close();
      await chat?.close();
      await database?.drop();
    });

    const texts = (page: Page) =>
      page.locator('#messages .message .text').allTextContents();

    it('loads older messages on scrolling up, and after a server restart shows every message once', async () => {
      for (let i = 1; i <= POSTS; i++)
        await chat.rooms.publishToRoom('news', `post ${i}`);
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(UI_WAIT.timeout);
      // What the page said, for a failure's message.
      const pageLog: string[] = [];
      page.on('console', (line) => pageLog.push(`console: ${line.text()}`));
      page.on('pageerror', (error) => pageLog.push(`error: ${error.message}`));
      await page.goto(`${chat.url}/`);
      await page.fill('#nickname', 'reader');
      await page.click('#connect');
      await page.fill('#room-input', 'news');
      await page.click('#join');
      await page.waitForSelector('.message:has-text("post 40")', UI_WAIT);
      const shown = await texts(page);
      expect(shown[shown.length - 1]).toBe('post 40');
      expect(shown).not.toContain('post 1');

      // The reader scrolls up (the wheel, over the messages) until the first post.
      await page.hover('#messages');
      for (let tries = 0; tries < 20; tries++) {
        if ((await texts(page)).includes('post 1')) break;
        await page.mouse.wheel(0, -2000);
        await page.waitForTimeout(100);
      }
      const all = Array.from({ length: POSTS }, (_, i) => `post ${i + 1}`);
      expect(await texts(page)).toEqual(all);

      // The server restarts; what is posted before the page is back arrives once.
      await chat.close();
      await start();
      for (const text of [
        'while away 1',
        'while away 2',
        'while away 3',
        'while away 4',
        'while away 5',
      ]) {
        await chat.rooms.publishToRoom('news', text);
      }
      // The page reconnects with backoff, rejoins with `since` and pages on.
      await page
        .waitForSelector('.message:has-text("while away 5")', {
          timeout: 30_000,
        })
        .catch(async (error: unknown) => {
          const status = await page.locator('#status').textContent();
          throw new Error(
            `the page did not catch up (status: ${status}; shown: ${(await texts(page)).slice(-3).join(', ')}; page log: ${pageLog.join(' | ') || 'empty'})`,
            { cause: error },
          );
        });
      await chat.rooms.publishToRoom('news', 'live again');
      await page.waitForSelector('.message:has-text("live again")', UI_WAIT);
      expect(await texts(page)).toEqual([
        ...all,
        ...[1, 2, 3, 4, 5].map((n) => `while away ${n}`),
        'live again',
      ]);
    }, 90_000);
  });
});
