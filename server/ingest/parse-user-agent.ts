import type { DeviceClass } from './stored-event.js';

export interface DeviceHints {
  viewport?: { w: number; h: number } | undefined;
  touch?: boolean | undefined;
}

export interface DeviceInfo {
  device: DeviceClass;
  os: string | null;
  browser: string | null;
}

/**
 * Reduces a user agent to what segmentation needs (device class, OS family, browser family) so the
 * string itself, a fingerprinting aid, is never stored. Deliberately small: families, not versions.
 * The viewport and touch hints settle what the string cannot (iPadOS reports itself as a Mac).
 */
export function parseUserAgent(userAgent: string | undefined, hints: DeviceHints = {}): DeviceInfo {
  const ua = userAgent ?? '';
  const desktopLikeMac = /Macintosh/.test(ua) && hints.touch === true;
  return {
    device: deviceOf(ua, desktopLikeMac, hints),
    os: osOf(ua, desktopLikeMac),
    browser: browserOf(ua),
  };
}

function deviceOf(ua: string, touchMac: boolean, hints: DeviceHints): DeviceClass {
  if (/iPad|Tablet|PlayBook|Silk|Kindle|Nexus (?:7|9|10)\b/i.test(ua) || touchMac) return 'tablet';
  if (/Android/i.test(ua)) return /Mobile/i.test(ua) ? 'mobile' : 'tablet';
  if (/Mobi|iPhone|iPod|Windows Phone|BlackBerry|BB10|Opera Mini|IEMobile/i.test(ua)) return 'mobile';
  if (/Windows NT|Macintosh|X11|CrOS|Linux x86_64/i.test(ua)) return 'desktop';
  return deviceFromHints(hints);
}

function deviceFromHints({ viewport, touch }: DeviceHints): DeviceClass {
  if (!viewport || viewport.w === 0 || viewport.h === 0) return 'unknown';
  const shortSide = Math.min(viewport.w, viewport.h);
  if (touch === true) return shortSide < 600 ? 'mobile' : 'tablet';
  if (touch === false && shortSide >= 600) return 'desktop';
  return 'unknown';
}

function osOf(ua: string, touchMac: boolean): string | null {
  if (/iPhone|iPad|iPod/.test(ua) || touchMac) return 'iOS';
  if (/Android/.test(ua)) return 'Android';
  if (/Windows Phone/.test(ua)) return 'Windows Phone';
  if (/Windows/.test(ua)) return 'Windows';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
  if (/Linux|X11/.test(ua)) return 'Linux';
  return null;
}

// Order matters: most browsers also claim "Chrome" and "Safari" for compatibility.
const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Instagram/, 'Instagram'],
  [/FBAN|FBAV|FB_IAB/, 'Facebook'],
  [/Edg(?:e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser/, 'Samsung Internet'],
  [/Firefox|FxiOS/, 'Firefox'],
  [/Chrome|CriOS|Chromium/, 'Chrome'],
  [/Safari|AppleWebKit.*Mobile/, 'Safari'],
];

function browserOf(ua: string): string | null {
  for (const [pattern, family] of BROWSERS) if (pattern.test(ua)) return family;
  return null;
}
