/** Every timing and distance the tracker decides by, in one place. */

/** Three clicks this close in time and space are a rage click (common analytics tools use 500–1000 ms, 20–50 px). */
export const RAGE_CLICKS = 3;
export const RAGE_WINDOW_MS = 700;
export const RAGE_RADIUS_PX = 30;

/** A click on something clickable that changes nothing within this time is a dead click. */
export const DEAD_CLICK_MS = 1000;

/** Going back within this time after arriving from another page of the store is a u-turn. */
export const U_TURN_MS = 5000;

/** The visitor id lives this long after the last visit; the session ends after this much inactivity. */
export const VISITOR_TTL_MS = 365 * 24 * 3600 * 1000;
export const SESSION_TTL_MS = 30 * 60 * 1000;

/** The queue is sent every few seconds, or at once when it holds this many events. */
export const FLUSH_MS = 4000;
export const FLUSH_AT = 10;
