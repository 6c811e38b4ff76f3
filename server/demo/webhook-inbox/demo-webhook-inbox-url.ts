export const WEBHOOK_INBOX_PATH = '/demo/webhook-inbox';

/**
 * Where the app's own sync service reaches the inbox of the server listening on `host`:`port`. Not
 * config.appUrl: that may be a public tunnel (SHOPIFY_APP_URL), and its default `localhost` can resolve to
 * ::1 while the server listens on 127.0.0.1 only. So the address the server itself listens on is used,
 * a wildcard replaced by loopback. null for port 0 (the port is only known once listening).
 */
export function demoWebhookInboxUrl(server: { host: string; port: number }): string | null {
  if (server.port === 0) return null;
  return `http://${loopbackHostOf(server.host)}:${server.port}${WEBHOOK_INBOX_PATH}`;
}

function loopbackHostOf(host: string): string {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === '' || h === '0.0.0.0') return '127.0.0.1';
  // `::` accepts IPv6 everywhere, IPv4 only where the system maps it (not with bindv6only).
  if (h === '::') return '[::1]';
  if (h.includes(':')) return `[${h}]`;
  // `localhost` stays a name: the server bound its first address, and fetch tries every address of the name.
  return h;
}

/** Whether a webhook destination's URL is a demo inbox (any host: the secret decides, not the address). */
export function pointsAtWebhookInbox(url: string): boolean {
  if (!URL.canParse(url)) return false;
  return new URL(url).pathname.replace(/\/+$/, '') === WEBHOOK_INBOX_PATH;
}
