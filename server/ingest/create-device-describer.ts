import { memoizeByString } from './memoize-by-string.js';
import { parseUserAgent, type DeviceHints, type DeviceInfo } from './parse-user-agent.js';

/**
 * parseUserAgent with a cache per user agent. The touch hint changes the answer (iPadOS says "Macintosh"),
 * so touch screens get their own cache; the viewport only matters when the string says nothing.
 */
export function createDeviceDescriber(): (userAgent: string | undefined, hints: DeviceHints) => DeviceInfo {
  const withTouch = memoizeByString((ua) => parseUserAgent(ua, { touch: true }));
  const withoutTouch = memoizeByString((ua) => parseUserAgent(ua, {}));
  return (userAgent, hints) => {
    if (userAgent === undefined) return parseUserAgent(undefined, hints);
    const info = hints.touch === true ? withTouch(userAgent) : withoutTouch(userAgent);
    return info.device === 'unknown' && hints.viewport ? { ...info, device: parseUserAgent(undefined, hints).device } : info;
  };
}
