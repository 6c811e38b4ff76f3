import { describe, expect, it } from 'vitest';
import { parseUserAgent } from '../../server/ingest/parse-user-agent.js';

const UA = {
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  iphoneChrome: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/123.0.6312.52 Mobile/15E148 Safari/604.1',
  iphoneInstagram: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 322.0.2.28.106',
  ipad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  macSafari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  macFirefox: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:124.0) Gecko/20100101 Firefox/124.0',
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.6312.80 Mobile Safari/537.36',
  androidSamsung: 'Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36',
  androidTablet: 'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
  windowsEdge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 Edg/123.0.2420.65',
  windowsChrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
  windowsOpera: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 OPR/108.0.0.0',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0',
  chromebook: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
  facebookAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/AP1A.240305.019; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.119 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/454.0.0.44.108;]',
};

describe('parseUserAgent', () => {
  it('reduces common user agents to device class, OS family and browser family', () => {
    const cases: Array<[string, string, string | null, string | null]> = [
      [UA.iphoneSafari, 'mobile', 'iOS', 'Safari'],
      [UA.iphoneChrome, 'mobile', 'iOS', 'Chrome'],
      [UA.iphoneInstagram, 'mobile', 'iOS', 'Instagram'],
      [UA.ipad, 'tablet', 'iOS', 'Safari'],
      [UA.macSafari, 'desktop', 'macOS', 'Safari'],
      [UA.macFirefox, 'desktop', 'macOS', 'Firefox'],
      [UA.androidChrome, 'mobile', 'Android', 'Chrome'],
      [UA.androidSamsung, 'mobile', 'Android', 'Samsung Internet'],
      [UA.androidTablet, 'tablet', 'Android', 'Chrome'],
      [UA.windowsEdge, 'desktop', 'Windows', 'Edge'],
      [UA.windowsChrome, 'desktop', 'Windows', 'Chrome'],
      [UA.windowsOpera, 'desktop', 'Windows', 'Opera'],
      [UA.linuxFirefox, 'desktop', 'Linux', 'Firefox'],
      [UA.chromebook, 'desktop', 'ChromeOS', 'Chrome'],
      [UA.facebookAndroid, 'mobile', 'Android', 'Facebook'],
    ];
    for (const [ua, device, os, browser] of cases) expect(parseUserAgent(ua), ua).toEqual({ device, os, browser });
  });

  it('uses the touch hint for iPadOS, which reports itself as a Mac', () => {
    expect(parseUserAgent(UA.macSafari, { touch: true, viewport: { w: 820, h: 1180 } })).toEqual({ device: 'tablet', os: 'iOS', browser: 'Safari' });
  });

  it('falls back on the viewport and touch hints when the string says nothing', () => {
    expect(parseUserAgent(undefined, { touch: true, viewport: { w: 390, h: 844 } }).device).toBe('mobile');
    expect(parseUserAgent('', { touch: true, viewport: { w: 1024, h: 768 } }).device).toBe('tablet');
    expect(parseUserAgent('curl-ish', { touch: false, viewport: { w: 1440, h: 900 } }).device).toBe('desktop');
    expect(parseUserAgent(undefined, {})).toEqual({ device: 'unknown', os: null, browser: null });
    expect(parseUserAgent(undefined, { viewport: { w: 390, h: 844 } }).device).toBe('unknown');
  });
});
