import type { Browser, Page } from 'playwright-core';
import { ChatHarness } from './support/harness.js';
import {
  demoPageOf,
  describeWithBrowser,
  launchChromium,
} from './support/browser.js';

describeWithBrowser(
  'demo page messages in Chromium: search, replies, reactions',
  () => {
    let chat: ChatHarness;
    let browser: Browser;
    let pages: ReturnType<typeof demoPageOf>;
    const openAs = (nickname: string) => pages.openAs(nickname);
    const join = (page: Page, room: string) => pages.join(page, room);
    const say = (page: Page, text: string) => pages.say(page, text);

    beforeAll(async () => {
      chat = await ChatHarness.start({}, { demoPage: true });
      browser = await launchChromium();
      pages = demoPageOf(browser, () => chat.url);
    }, 40_000);
    afterAll(async () => {
      await browser?.close();
      await chat?.close();
    });

    it('searches the open room: every word, newest first', async () => {
      const page = await openAs('seeker');
      await join(page, 'searchable');
      for (const text of [
        'Deploy done on staging',
        'coffee?',
        'deploy done on production',
      ]) {
        await say(page, text);
        await page.waitForSelector(`.message:has-text("${text}")`);
      }
      await page.fill('#search-input', 'DEPLOY done');
      await page.click('#search');
      await page.waitForSelector('#search-results li');
      expect(
        await page.locator('#search-results li .text').allTextContents(),
      ).toEqual(['deploy done on production', 'Deploy done on staging']);
      await page.fill('#search-input', 'tea');
      await page.click('#search');
      await page.waitForSelector(
        '#search-results li.empty:has-text("Nothing in #searchable")',
      );
      await page.click('#search-close');
      expect(await page.isVisible('#search-results')).toBe(false);
    }, 30_000);

    it('replies with a quote above the answer, in both windows, and shows a deleted quote as deleted', async () => {
      const asker = await openAs('asker');
      const helper = await openAs('helper');
      await join(asker, 'help');
      await join(helper, 'help');
      await say(asker, 'how do I deploy?');
      const question = helper.locator('.message:has-text("how do I deploy?")');
      await question.waitFor();
      await question.locator('button.reply').click();
      expect(await helper.locator('#target').textContent()).toBe(
        'replying to asker',
      );
      await say(helper, 'npm run deploy');
      for (const page of [asker, helper]) {
        const answer = page.locator('.message:has-text("npm run deploy")');
        await answer.locator('.quote:has-text("how do I deploy?")').waitFor();
        expect(await answer.locator('.quoted-from').textContent()).toBe(
          'asker',
        );
      }
      // The composer is back to the room once the reply is sent.
      expect(await helper.locator('#target').textContent()).toBe('#help');

      await asker
        .locator('.message:has-text("how do I deploy?") button.delete')
        .click();
      const late = await openAs('late');
      await join(late, 'help');
      await late
        .locator(
          '.message:has-text("npm run deploy") .quote:has-text("message deleted")',
        )
        .waitFor();
    }, 30_000);

    it('reacts to a message: counts update live in both windows, a click on one’s own takes it back', async () => {
      const one = await openAs('one');
      const two = await openAs('two');
      await join(one, 'fans');
      await join(two, 'fans');
      await say(one, 'nice work');
      const on = (page: Page) => page.locator('.message:has-text("nice work")');
      await on(two).locator('button.react').click();
      for (const page of [one, two]) {
        await on(page).locator('.reaction:has-text("👍 1")').waitFor();
      }
      await on(one).locator('.reaction[data-emoji="👍"]').click();
      for (const page of [one, two]) {
        await on(page).locator('.reaction.mine:has-text("👍 2")').waitFor();
      }
      await on(two).locator('.reaction[data-emoji="👍"]').click();
      await on(one).locator('.reaction:has-text("👍 1")').waitFor();
      await on(two).locator('.reaction:not(.mine):has-text("👍 1")').waitFor();
    }, 30_000);
  },
);
