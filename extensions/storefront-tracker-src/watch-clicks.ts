import { DEAD_CLICK_MS, RAGE_CLICKS, RAGE_RADIUS_PX, RAGE_WINDOW_MS } from './thresholds.js';

import { safe } from './safe.js';

type Track = (name: string, properties: Record<string, unknown>) => void;

/** Pure: the number of clicks in the current burst (those within RAGE_WINDOW_MS and RAGE_RADIUS_PX of the latest). */
export function createClickBurst() {
  let points: number[][] = [];
  return (t: number, x: number, y: number): number =>
    (points = [...points.filter(([pt, px, py]) => t - pt! <= RAGE_WINDOW_MS && Math.hypot(px! - x, py! - y) <= RAGE_RADIUS_PX), [t, x, y]]).length;
}

/** A short CSS path (tag, then id or first class) of up to three levels, for the merchant to find the element. */
export function selectorOf(el: Element | null): string {
  const parts: string[] = [];
  for (; el && el !== document.body && parts.length < 3 && !parts[0]?.includes('#'); el = el.parentElement) {
    parts.unshift(el.localName + (el.id ? '#' + el.id : el.classList[0] ? '.' + el.classList[0] : ''));
  }
  return parts.join('>').slice(0, 250) || 'body';
}

/**
 * Rage clicks (RAGE_CLICKS or more in a burst, reported once the burst is over) and dead clicks (a click
 * on something clickable that neither navigates nor changes the page within DEAD_CLICK_MS). The click
 * handler itself only counts and looks up the element; the rest runs later in timers.
 */
export function watchClicks(track: Track): void {
  const burst = createClickBurst();
  let most = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let leaving = false;
  addEventListener('pagehide', () => (leaving = true));
  addEventListener('click', safe((event: MouseEvent) => {
    const target = event.target as Element;
    const count = burst(event.timeStamp, event.clientX, event.clientY);
    most = Math.max(most, count);
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (most >= RAGE_CLICKS) track('Element_RageClicked', { selector: selectorOf(target), clicks: most });
      most = 0;
    }, RAGE_WINDOW_MS);
    // Form fields are left out (focusing one changes nothing visible), followed links and submits navigate (maybe slowly).
    const el = target.closest?.('a,button,[role=button],[onclick],summary') ?? (getComputedStyle(target).cursor === 'pointer' ? target : null);
    if (!el || count > 1 || el.matches('a[href]:not([href^="#"])') || (el as HTMLButtonElement).type === 'submit') return;
    let changed = false;
    const observer = new MutationObserver(() => (changed = true));
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const url = location.href;
    setTimeout(() => {
      observer.disconnect();
      if (!changed && !leaving && url === location.href) track('Element_DeadClicked', { selector: selectorOf(el) });
    }, DEAD_CLICK_MS);
  }), true);
}
