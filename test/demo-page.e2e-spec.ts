import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ChatHarness } from './support/harness.js';
import { http } from './support/http.js';
import {
  demoPageOf,
  describeWithBrowser,
  launchChromium,
  UI_WAIT,
} from './support/browser.js';

const TOKEN = 'demo-token';

describeWithBrowser('demo chat page in Chromium', () => {
  let chat: ChatHarness;
  let browser: Browser;

  beforeAll(async () => {
    chat = await ChatHarness.start({ adminToken: TOKEN }, { demoPage: true });
    browser = await launchChromium();
    pages = demoPageOf(browser, () => chat.url);
  }, 40_000);
  afterAll(async () => {
    await browser?.close();
    await chat?.close();
  });

  let pages: ReturnType<typeof demoPageOf>;
  const openAs = (nickname: string) => pages.openAs(nickname);
  const join = (page: Page, room: string) => pages.join(page, room);
  const say = (page: Page, text: string) => pages.say(page, text);

  const memberNames = (page: Page) =>
    page.locator('#members li').allTextContents();

  it('serves the page as HTML', async () => {
    const response = await http(`${chat.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('/socket.io/socket.io.esm.min.js');
    // The page's script and the ./client entry it imports, served as modules.
    for (const path of [
      '/demo/chat-page.js',
      '/client/index.js',
      '/client/chat-client.js',
    ]) {
      const module = await http(`${chat.url}${path}`);
      expect(module.status).toBe(200);
      expect(module.headers['content-type']).toContain('text/javascript');
    }
    expect(
      (await http(`${chat.url}/demo/chat-page.css`)).headers['content-type'],
    ).toContain('text/css');
    for (const path of [
      '/client/nope.js',
      '/client/..%2Fchat.module.js',
      '/demo/index.html',
    ]) {
      expect((await http(`${chat.url}${path}`)).status).toBe(404);
    }
  });

  it('two pages chat in a room, see members, pushes and a leave', async () => {
    const alice = await openAs('alice');
    const bob = await openAs('bob');
    await join(alice, 'lobby');
    await join(bob, 'lobby');

    await alice.waitForSelector('#members li:has-text("bob")', UI_WAIT);
    expect(await memberNames(alice)).toEqual(['alice (you)', 'bob']);
    expect(await memberNames(bob)).toEqual(['alice', 'bob (you)']);

    await say(alice, 'hello from alice');
    await bob.waitForSelector('.message:has-text("hello from alice")', UI_WAIT);
    await say(bob, 'hi alice, bob here');
    await alice.waitForSelector(
      '.message:has-text("hi alice, bob here")',
      UI_WAIT,
    );

    const pushed = await http(`${chat.url}/api/rooms/lobby/messages`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ text: 'pushed over HTTP' }),
    });
    expect(pushed.status).toBe(201);
    await alice.waitForSelector(
      '.message:has-text("pushed over HTTP")',
      UI_WAIT,
    );
    await bob.waitForSelector('.message:has-text("pushed over HTTP")', UI_WAIT);

    // A failed ack is shown to the user.
    await bob.fill('#room-input', 'bad room!');
    await bob.click('#join');
    await bob.waitForSelector('#error:has-text("VALIDATION_FAILED")', UI_WAIT);

    mkdirSync('test/artifacts', { recursive: true });
    await alice.screenshot({
      path: 'test/artifacts/demo-chat.png',
      fullPage: true,
    });

    await bob.click('#leave');
    await alice.waitForSelector('.message:has-text("bob left")', UI_WAIT);
    expect(await memberNames(alice)).toEqual(['alice (you)']);
  }, 30_000);

  it('says what is wrong in words, above the composer, and labels what it shows', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(UI_WAIT.timeout);
    const missing: string[] = [];
    page.on('response', (response) => {
      if (response.status() === 404) missing.push(response.url());
    });
    await page.goto(`${chat.url}/`);
    await page.fill('#nickname', 'polly');
    await page.click('#connect');
    await page.waitForSelector('#status:has-text("online as polly")');
    await join(page, 'quiet');
    // An empty room says so; the room's count is labelled.
    await page.waitForSelector(
      '#messages .empty:has-text("No messages in #quiet yet")',
    );
    expect(
      await page
        .locator('#my-rooms li[data-room="quiet"] .count')
        .textContent(),
    ).toBe('1 member');

    // A refusal in words (the code after it), not the server's pattern.
    await page.fill('#room-input', 'bad room!');
    await page.click('#join');
    const error = page.locator('#error');
    await page.waitForSelector('#error:has-text("A room name is 1 to 64")');
    const shown = (await error.textContent()) ?? '';
    expect(shown).toContain('(VALIDATION_FAILED)');
    expect(shown).not.toContain('/^');
    // It does not cover the composer, which stays usable meanwhile.
    const toast = await error.boundingBox();
    const composer = await page.locator('#composer').boundingBox();
    expect(toast!.y + toast!.height).toBeLessThanOrEqual(composer!.y);
    await say(page, 'typed while the error shows');
    await page.waitForSelector(
      '.message:has-text("typed while the error shows")',
    );

    // One's own message: author, time and its buttons on one line.
    const meta = page.locator('.message.mine .meta').first();
    await meta.locator('.actions button.edit').waitFor();
    const line = await meta.boundingBox();
    expect(line!.height).toBeLessThan(24);
    expect(missing).toEqual([]);
    await context.close();
  }, 30_000);

  const badgeOf = (page: Page, list: string, key: string) =>
    page.locator(`${list} li[data-${key}] .badge`);

  it('edits and deletes own messages, shows unread badges, and keeps private conversations apart', async () => {
    const ann = await openAs('ann');
    const ben = await openAs('ben');
    await join(ann, 'team');
    await join(ben, 'team');
    await join(ben, 'side');

    // Ben is in #side: what Ann says in #team counts as unread there.
    await say(ann, 'helo');
    await say(ann, 'second');
    const teamBadge = ben.locator('#my-rooms li[data-room="team"] .badge');
    await teamBadge.filter({ hasText: '2' }).waitFor(UI_WAIT);

    // Ann fixes her typo and takes the second message back.
    await ann.locator('.message:has-text("helo") button.edit').click();
    await ann.fill('#message-input', 'hello');
    await ann.click('#send');
    await ann.locator('.message:has-text("second") button.delete').click();

    // Ben opens #team: the edit and the tombstone, and nothing left unread.
    await ben.click('#my-rooms li[data-room="team"]');
    await ben.waitForSelector('.message:has-text("hello") .edited', UI_WAIT);
    await ben.waitForSelector(
      '.message.deleted:has-text("message deleted")',
      UI_WAIT,
    );
    await teamBadge.waitFor({ ...UI_WAIT, state: 'hidden' });
    expect(await ben.locator('.message button.edit').count()).toBe(0);

    // A private message lands in its own conversation, not in the open room.
    await ann.click('#members li:has-text("ben")');
    await say(ann, 'just between us');
    await badgeOf(ben, '#conversations', 'user')
      .filter({ hasText: '1' })
      .waitFor(UI_WAIT);
    expect(
      await ben.locator('.message:has-text("just between us")').count(),
    ).toBe(0);
    await ben.click('#conversations li');
    await ben.waitForSelector('.message:has-text("just between us")', UI_WAIT);

    // A refusal says which rule failed.
    await ben.click('#my-rooms li[data-room="team"]');
    await say(ben, 'x'.repeat(2001));
    await ben.waitForSelector(
      '#error:has-text("text must be at most 2000 characters")',
      UI_WAIT,
    );
    // The refused text is back in the composer, to be shortened.
    expect(await ben.inputValue('#message-input')).toBe('x'.repeat(2001));
  }, 30_000);

  it('sends once on a double Enter and keeps what is typed while the ack is on its way', async () => {
    const cy = await openAs('cy');
    await join(cy, 'drafts');
    // One turn of the page: Enter twice, then the next message typed, all
    // before the first send's ack can come back.
    await cy.evaluate(`{
      const input = document.querySelector('#message-input');
      const composer = document.querySelector('#composer');
      input.value = 'first draft';
      composer.requestSubmit();
      composer.requestSubmit();
      input.value = 'next draft';
    }`);
    await cy.waitForSelector('.message:has-text("first draft")', UI_WAIT);
    await cy.click('#send');
    await cy.waitForSelector('.message:has-text("next draft")', UI_WAIT);
    // Shown in seq order: a second copy would have come before "next draft".
    expect(await cy.locator('.message:has-text("first draft")').count()).toBe(
      1,
    );
    expect(await cy.inputValue('#message-input')).toBe('');

    // The same for a room name typed while a join is on its way.
    await cy.evaluate(`{
      const input = document.querySelector('#room-input');
      input.value = 'first-room';
      document.querySelector('#join-form').requestSubmit();
      input.value = 'next-room';
    }`);
    await cy.waitForSelector('#my-rooms li[data-room="first-room"]', UI_WAIT);
    expect(await cy.inputValue('#room-input')).toBe('next-room');
  });

  it('fits a 390 px wide phone: no sideways scrolling, the composer in view', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(UI_WAIT.timeout);
    await page.goto(`${chat.url}/`);
    await page.fill('#nickname', 'phone');
    await page.click('#connect');
    await page.waitForSelector('#app', { ...UI_WAIT, state: 'visible' });
    await join(page, 'mobile');
    await say(
      page,
      'a message from a phone that is long enough to wrap on a narrow screen',
    );
    await page.waitForSelector('.message:has-text("from a phone")', UI_WAIT);
    const width = await page.evaluate<number>(
      'document.documentElement.scrollWidth',
    );
    expect(width).toBeLessThanOrEqual(390);
    const send = await page.locator('#send').boundingBox();
    expect(send!.x + send!.width).toBeLessThanOrEqual(390);
    expect(send!.y + send!.height).toBeLessThanOrEqual(844);
    mkdirSync('test/artifacts', { recursive: true });
    await page.screenshot({ path: 'test/artifacts/demo-phone.png' });
    await page.click('#toggle-members');
    await page.waitForSelector('#members li:has-text("phone (you)")', UI_WAIT);
    await context.close();
  }, 30_000);
});
