import { chromium, type Browser } from 'playwright-core';

/**
 * A desktop Chrome's User-Agent for what the browser sends outside a context's override: requests that
 * outlive the page, such as `navigator.sendBeacon` at pagehide, carry the browser's own User-Agent, and
 * headless Chromium's says "HeadlessChrome", which the server rightly drops as a bot.
 */
export const BROWSER_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/**
 * Debian's Chromium (apt-get install chromium; .ci/run installs it). Playwright's own browser
 * download cannot work on this network; background networking is off because every outbound
 * connection is refused here.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', `--user-agent=${BROWSER_USER_AGENT}`],
  });
}
