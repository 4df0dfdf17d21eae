import type { Browser, Page } from 'playwright-core';
import { ChatHarness, requestOk, until, within } from './support/harness.js';
import { describeWithBrowser, launchChromium } from './support/browser.js';
import { freePort } from './support/http.js';

const UI_WAIT = { timeout: 5000 };
/** How long the server stays down: a real gap, as a restart of `start:prod` (about 2 s) or longer. */
const GAP_MS = 3000;

describeWithBrowser('demo page across a server restart with a real gap', () => {
  let chat: ChatHarness | undefined;
  let browser: Browser;
  let port: number;
  const start = async () => {
    chat = await ChatHarness.start({}, { demoPage: true }, port);
    return chat;
  };

  beforeAll(async () => {
    port = await freePort();
    await start();
    browser = await launchChromium();
  }, 40_000);
  afterAll(async () => {
    await browser?.close();
    await chat?.close();
  });

  const status = (page: Page) => page.locator('#status').textContent();

  it('shows reconnecting while the server is down, keeps the user signed in, and comes back to the room', async () => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(UI_WAIT.timeout);
    await page.goto(`${chat!.url}/`);
    await page.fill('#nickname', 'stays');
    await page.click('#connect');
    await page.fill('#room-input', 'lobby');
    await page.click('#join');
    await page.fill('#message-input', 'before the restart');
    await page.click('#send');
    await page.waitForSelector('.message:has-text("before the restart")');

    await within(chat!.close(), 10_000);
    chat = undefined;
    await page.waitForSelector('#status:has-text("reconnecting")', UI_WAIT);
    await page.waitForTimeout(GAP_MS);
    expect(await status(page)).toContain('reconnecting');
    expect(await page.isVisible('#login')).toBe(false);
    expect(await page.isVisible('#app')).toBe(true);

    const server = await within(start(), 10_000);
    await page.waitForSelector('#status:has-text("online as stays")', {
      timeout: 15_000,
    });
    // The page is in the room again (its client rejoined) before anyone
    // speaks there: in memory mode the room began again at seq 1.
    await until(
      async () =>
        (await server.rooms.members('lobby')).some(
          (member) => member.nickname === 'stays',
        ),
      5000,
    );
    const { client: other } = await server.connect('other');
    await requestOk(other, 'room:join', { room: 'lobby' });
    await requestOk(other, 'message:send', {
      room: 'lobby',
      text: 'after the restart',
    });
    await page.waitForSelector('.message:has-text("after the restart")');
    expect(await page.isVisible('#login')).toBe(false);
    await page.waitForSelector('#my-rooms li[data-room="lobby"]');
    expect(await page.locator('.message .text').allTextContents()).toContain(
      'before the restart',
    );
  }, 60_000);
});
