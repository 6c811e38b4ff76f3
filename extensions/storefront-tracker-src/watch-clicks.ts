import { DEAD_CLICK_MS, RAGE_CLICKS, RAGE_RADIUS_PX, RAGE_WINDOW_MS } from './thresholds.js';

import { safe } from './safe.js';

type Track = (name: string, properties: Record<string, unknown>) => void;

/** Pure: the number of clicks in the current burst (clicks within RAGE_WINDOW_MS and RAGE_RADIUS_PX of its first). */
export function createClickBurst() {
  let start = -RAGE_WINDOW_MS;
  let x0 = 0;
  let y0 = 0;
  let count = 0;
  return (t: number, x: number, y: number): number => {
    if (t - start > RAGE_WINDOW_MS || Math.hypot(x - x0, y - y0) > RAGE_RADIUS_PX) [start, x0, y0, count] = [t, x, y, 0];
    return ++count;
  };
}

/** The element as tag#id.class (first class), enough for the merchant to find it on the page. */
export const selectorOf = (el: Element): string => el.localName + (el.id ? '#' + el.id : '') + (el.classList[0] ? '.' + el.classList[0] : '');

/**
 * Rage clicks (RAGE_CLICKS or more in a burst, reported once the burst is over) and dead clicks (a click
 * on a link or button that neither navigates nor changes the page within DEAD_CLICK_MS). The click
 * handler itself only counts and looks up the element; the rest runs later in timers.
 */
export function watchClicks(track: Track): void {
  const burst = createClickBurst();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let leaving = false;
  let changedAt = 0;
  addEventListener('pagehide', () => (leaving = true));
  // One observer for the page's lifetime: its callback only notes the time, whatever changed.
  new MutationObserver(() => (changedAt = Date.now())).observe(document, { subtree: true, childList: true, attributes: true });
  addEventListener('click', safe((event: MouseEvent) => {
    const target = event.target as Element;
    const count = burst(event.timeStamp, event.clientX, event.clientY);
    clearTimeout(timer);
    timer = setTimeout(() => count >= RAGE_CLICKS && track('Element_RageClicked', { selector: selectorOf(target), clicks: count }), RAGE_WINDOW_MS);
    // Followed links and submit buttons navigate (maybe slowly): never dead. One watch per burst.
    const el = target.closest('a,button,[role=button]');
    if (!el || count > 1 || el.matches('[href]:not([href^="#"])') || (el as HTMLButtonElement).type === 'submit') return;
    const clickedAt = Date.now();
    setTimeout(() => changedAt < clickedAt && !leaving && track('Element_DeadClicked', { selector: selectorOf(el) }), DEAD_CLICK_MS);
  }), true);
}
