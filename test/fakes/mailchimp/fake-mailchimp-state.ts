export type MemberStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional';

export interface FakeMember {
  id: string;
  emailAddress: string;
  status: MemberStatus;
  /** Active tags, keyed by lowercased name (Mailchimp matches tags case-insensitively); an inactive tag is removed. */
  tags: Map<string, { name: string; dateAdded: string }>;
  mergeFields: Record<string, unknown>;
  lastChanged: string;
}

export interface FakeAudience {
  id: string;
  name: string;
  members: Map<string, FakeMember>;
  /** Hashes of addresses erased with delete-permanent: they can never be re-imported. */
  forgotten: Set<string>;
  /**
   * Hashes of addresses Mailchimp holds in a compliance state without a member on the list (e.g. archived
   * after an unsubscribe, or under compliance review): adding one as subscribed or pending is refused.
   */
  complianceHeld: Set<string>;
}

export interface FakeRequest {
  method: string;
  path: string;
  status: number;
  body: unknown;
  /** Simultaneous connections when this request arrived, itself included. */
  concurrent: number;
}

export type FakeFault =
  | { path: string; times?: number; kind: 'status'; status: 429 | 500 | 503 }
  | { path: string; times?: number; kind: 'timeout' }
  /** Batch subscribe answers this address with a per-member ERROR_GENERIC instead of upserting it. */
  | { path: string; times?: number; kind: 'member-error'; emailAddress: string; error?: string };

export interface FakeMailchimpState {
  apiKey: string;
  audiences: Map<string, FakeAudience>;
  requests: FakeRequest[];
  activeConnections: number;
  peakConnections: number;
  maxConnections: number;
  faults: Array<FakeFault & { remaining: number }>;
  now: () => number;
}

export interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}

export function problem(status: number, title: string, detail: string, errors?: Problem['errors']): Problem {
  return { status, title, detail, ...(errors && { errors }) };
}

export function memberJson(audienceId: string, m: FakeMember): Record<string, unknown> {
  return {
    id: m.id,
    email_address: m.emailAddress,
    unique_email_id: m.id.slice(0, 10),
    status: m.status,
    merge_fields: m.mergeFields,
    list_id: audienceId,
    last_changed: m.lastChanged,
    tags_count: m.tags.size,
    tags: [...m.tags.values()].map(({ name }) => ({ id: tagId(name), name })),
  };
}

/** Stable numeric ids so tests can compare bodies across runs. */
export function tagId(name: string): number {
  let h = 0;
  for (const ch of name.toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 1_000_000;
}
