import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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

/**
 * `describe` when Chromium is installed; otherwise `describe.skip` with a
 * reason, unless `CHAT_REQUIRE_BROWSER=1` (set by CI), where a missing
 * browser fails the run instead of skipping it.
 */
export function describeWithBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  if (process.env.CHAT_REQUIRE_BROWSER === '1') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(
          `CHAT_REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`,
        );
      });
    });
    return;
  }
  console.warn(
    `Skipping "${name}": no Chromium at ${CHROMIUM_PATH}. Install it with "apt-get install -y chromium" (CI does, and sets CHAT_REQUIRE_BROWSER=1).`,
  );
  describe.skip(name, body);
}
