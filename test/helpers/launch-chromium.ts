import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (apt-get install chromium; .ci/run installs it). Playwright's own browser
 * download cannot work on this network; background networking is off because every outbound
 * connection is refused here.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
