import type { DestinationKindKey, ExclusionReasonKey, SyncRunView } from '../../../server/admin-api/admin-api-types.js';

export const KIND_LABELS: Record<DestinationKindKey, string> = {
  klaviyo: 'Klaviyo',
  mailchimp: 'Mailchimp',
  shopify_tags: 'Shopify customer tags',
  webhook: 'Webhook',
};

/** What the remote reference of a link is for each kind ("List abc123"). */
export const REMOTE_REF_LABELS: Record<DestinationKindKey, string> = {
  klaviyo: 'List',
  mailchimp: 'Tag',
  shopify_tags: 'Tag',
  webhook: 'Segment key',
};

/** Why shoppers were not sent, in the words a merchant can act on (docs/destinations.md). */
export const EXCLUSION_LABELS: Record<ExclusionReasonKey, string> = {
  no_email: 'No email address',
  no_customer_id: 'Not a Shopify customer',
  no_marketing_consent: 'No email marketing consent',
  gpc: 'Global Privacy Control',
  sale_of_data_opt_out: 'Opted out of data sale',
  invalid_syntax: 'Invalid address',
  disposable: 'Disposable address',
  role_account: 'Role account (info@, sales@…)',
  suppressed: 'Bounced or cleaned by the destination',
};

/** Hints are shown, never acted on: a possible typo is not corrected and does not exclude anyone. */
export const HINT_LABELS: Record<string, string> = {
  possible_typo: 'Possible typo',
};

/** An unknown key (a newer server) still reads as words instead of an identifier. */
export function exclusionLabel(key: string): string {
  return EXCLUSION_LABELS[key as ExclusionReasonKey] ?? key.replace(/_/g, ' ');
}

export function hintLabel(key: string): string {
  return HINT_LABELS[key] ?? key.replace(/_/g, ' ');
}

type BadgeTone = 'success' | 'critical' | 'warning' | 'attention' | 'info' | undefined;

export const RUN_STATUS: Record<SyncRunView['status'], { label: string; tone: BadgeTone }> = {
  queued: { label: 'Queued', tone: 'info' },
  running: { label: 'Syncing', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  partial: { label: 'Partly synced', tone: 'warning' },
  failed: { label: 'Failed', tone: 'critical' },
  paused: { label: 'Paused', tone: 'warning' },
};

/** A run the engine has not finished: the page polls it and shows a progress bar. */
export const isRunActive = (run: SyncRunView | null | undefined): run is SyncRunView =>
  run?.status === 'queued' || run?.status === 'running';
