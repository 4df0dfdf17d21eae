import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
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
