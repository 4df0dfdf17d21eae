import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DevSignInModule } from '../src/dev/dev-sign-in.module.js';
import { ChatHarness, within } from './support/harness.js';
import { http, freePort } from './support/http.js';
import { describeWithBrowser, launchChromium } from './support/browser.js';
import { describeWithPostgres, TestDatabase } from './support/postgres.js';

const UI_WAIT = { timeout: 5000 };
const SECRET = 'a-demo-signing-secret-of-32-bytes!!';
/** How long the server stays down: a real gap. */
const GAP_MS = 3000;

describeWithBrowser('demo page for signed-in users (dev sign-in)', () => {
  describeWithPostgres('in Chromium, with PostgreSQL', () => {
    let database: TestDatabase;
    let chat: ChatHarness | undefined;
    let browser: Browser;
    let port: number;
    const start = async () => {
      chat = await ChatHarness.start(
        { jwt: { secret: SECRET }, database: { url: database.url } },
        {
          demoPage: true,
          host: { imports: [DevSignInModule.forRoot(SECRET)] },
        },
        port,
      );
      return chat;
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

    async function signIn(
      user: string,
    ): Promise<{ page: Page; context: BrowserContext }> {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(UI_WAIT.timeout);
      await page.goto(`${chat!.url}/?signIn=dev`);
      await page.fill('#nickname', user);
      await page.click('#connect');
      await page.waitForSelector(
        `#status:has-text("online as ${user}")`,
        UI_WAIT,
      );
      return { page, context };
    }

    async function say(page: Page, text: string) {
      await page.fill('#message-input', text);
      await page.click('#send');
      await page.waitForSelector(`.message:has-text("${text}")`, UI_WAIT);
    }

    it('signs in by the dev endpoint only: a user id it cannot take is refused', async () => {
      expect((await http(`${chat!.url}/dev/token?user=system`)).status).toBe(
        400,
      );
      expect((await http(`${chat!.url}/dev/token?user=a%20b`)).status).toBe(
        400,
      );
      const token = await http(`${chat!.url}/dev/token?user=ann`);
      expect(token.status).toBe(200);
      expect(token.headers['cache-control']).toBe('no-store');
    });

    it('keeps rooms while away, shows presence and unread counts, opens direct rooms, and comes back after a restart', async () => {
      const ann = await signIn('ann');
      const bob = await signIn('bob');
      for (const { page } of [ann, bob]) {
        await page.fill('#room-input', 'lobby');
        await page.click('#join');
        await page.waitForSelector('#my-rooms li[data-room="lobby"]');
      }
      await bob.page.waitForSelector('#members li.online:has-text("ann")');

      // Ann closes her tab: she stays a member, shown offline.
      await ann.context.close();
      await bob.page.waitForSelector('#members li.offline:has-text("ann")');
      await say(bob.page, 'while you were away');

      // Back on a new tab: the room is there without joining, with its unread message.
      const again = await signIn('ann');
      const lobby = again.page.locator('#my-rooms li[data-room="lobby"]');
      await lobby.waitFor(UI_WAIT);
      expect(await lobby.locator('.badge').textContent()).toBe('1');
      await bob.page.waitForSelector('#members li.online:has-text("ann")');

      // A click on a member opens the direct room; bob's page gets it too.
      await again.page.click('#my-rooms li[data-room="lobby"]');
      await again.page.click('#members li:has-text("bob")');
      await again.page.waitForSelector('#my-rooms li:has-text("@bob")');
      await say(again.page, 'just us');
      await bob.page.waitForSelector('#my-rooms li:has-text("@ann")');
      await bob.page.click('#my-rooms li:has-text("@ann")');
      await bob.page.waitForSelector('.message:has-text("just us")');

      // The server goes away for a while; the pages reconnect with new tokens.
      await within(chat!.close(), 10_000);
      chat = undefined;
      await again.page.waitForSelector('#status:has-text("reconnecting")');
      await again.page.waitForTimeout(GAP_MS);
      await within(start(), 10_000);
      for (const page of [again.page, bob.page]) {
        await page.waitForSelector('#status:has-text("online as")', {
          timeout: 15_000,
        });
      }
      await say(bob.page, 'after the restart');
      await again.page.click('#my-rooms li:has-text("@bob")');
      await again.page.waitForSelector(
        '.message:has-text("after the restart")',
      );
      expect(
        await again.page.locator('.message .text').allTextContents(),
      ).toEqual(['just us', 'after the restart']);
    }, 90_000);
  });
});
