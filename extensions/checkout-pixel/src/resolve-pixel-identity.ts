import type { BrowserLocalStorage } from '@shopify/web-pixels-extension';
import { uuidFromHash } from './derive-event-id.js';
import { tokenOf } from './pixel-values.js';

/**
 * The storefront tracker keeps its ids in localStorage as JSON `{"id": "<uuid>", "exp": <ms epoch>}`
 * (notes: issue-3 contract): `ss_vid` the visitor (one year), `ss_sid` the session (30 minutes,
 * sliding). Reading them lets checkout events join the storefront visitor without guessing.
 */
export const VISITOR_KEY = 'ss_vid';
export const SESSION_KEY = 'ss_sid';
/** Same inactivity limit as the storefront tracker, so both agree on where a session ends. */
export const SESSION_TTL_MS = 30 * 60 * 1000;
/** The tracker pushes `ss_vid`'s expiry this far ahead each time it sends, so `exp - VISITOR_TTL_MS` is its last run. */
export const VISITOR_TTL_MS = 365 * 24 * 3600 * 1000;

export interface ResolvedIdentity {
  visitorId: string;
  sessionId: string;
  /**
   * The theme app embed ran in this browser within the last session length (its `ss_vid` was pushed
   * forward that recently), so it captures the storefront. A year-old `ss_vid` alone is not enough: the
   * merchant may have turned the embed off since.
   */
  trackerActive: boolean;
}

export type IdentityStorage = Pick<BrowserLocalStorage, 'getItem' | 'setItem'>;

/** The id of a stored `{id, exp}` entry that has not expired; null for anything else. */
export function readStoredId(raw: string | null | undefined, now: number): string | null {
  if (typeof raw !== 'string') return null;
  try {
    const entry = JSON.parse(raw) as { id?: unknown; exp?: unknown } | null;
    const id = typeof entry?.id === 'string' ? tokenOf(entry.id, 64) : undefined;
    return id !== undefined && typeof entry?.exp === 'number' && entry.exp > now ? id : null;
  } catch {
    return null;
  }
}

/**
 * Resolves the visitor and session for a batch of events. Without the tracker the visitor is
 * Shopify's client id (it already lives for a year in Shopify's own cookie), and the session is kept
 * by the pixel in `ss_sid`, written exactly as the tracker would, so the tracker adopts it if it
 * starts later. Storage that throws (blocked, full) falls back to a session kept in memory.
 */
export function createIdentityResolver(storage: IdentityStorage, newId: () => string) {
  let memorySession: { id: string; exp: number } | null = null;

  const read = async (key: string): Promise<string | null> => {
    try {
      return await storage.getItem(key);
    } catch {
      return null;
    }
  };

  return async function resolveIdentity(clientId: string, now: number): Promise<ResolvedIdentity> {
    const [visitorRaw, sessionRaw] = await Promise.all([read(VISITOR_KEY), read(SESSION_KEY)]);
    const trackerVisitor = readStoredId(visitorRaw, now);
    // Also what keeps two batches flushed together from starting two sessions: the first one to resume
    // sets it before the second one looks.
    const remembered = memorySession && memorySession.exp > now ? memorySession.id : null;
    const storedSessionId = readStoredId(sessionRaw, now);
    const sessionId = storedSessionId ?? remembered ?? newId();
    memorySession = { id: sessionId, exp: now + SESSION_TTL_MS };
    try {
      // The tracker keeps more in a live session (the customer it announced, the cart token): keep it.
      const kept = storedSessionId === null ? {} : (JSON.parse(sessionRaw!) as Record<string, unknown>);
      await storage.setItem(SESSION_KEY, JSON.stringify({ ...kept, ...memorySession }));
    } catch {
      // Storage refused: the in-memory session above still holds for this page.
    }
    return {
      visitorId: trackerVisitor ?? visitorIdFromClientId(clientId) ?? newId(),
      sessionId,
      trackerActive: trackerVisitor !== null && lastTrackerRun(visitorRaw) > now - SESSION_TTL_MS,
    };
  };
}

function lastTrackerRun(raw: string | null): number {
  try {
    return (JSON.parse(raw ?? 'null') as { exp: number }).exp - VISITOR_TTL_MS;
  } catch {
    return 0;
  }
}

/** Shopify's client id as our visitor id; hashed into a UUID if it does not fit the 64-character bound. */
export function visitorIdFromClientId(clientId: string | null | undefined): string | undefined {
  if (typeof clientId !== 'string' || clientId === '') return undefined;
  return tokenOf(clientId, 64) ?? uuidFromHash(`shopify-client-id:${clientId}`);
}
