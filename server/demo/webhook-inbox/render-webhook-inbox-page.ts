import { esc } from '../store/render-store-layout.js';
import { INBOX_CAPACITY, type InboxEntry, type InboxSnapshot } from './create-webhook-inbox-log.js';
import { WEBHOOK_INBOX_PATH } from './demo-webhook-inbox-url.js';

const time = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#202223}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e1e3e5;padding:.4rem .6rem;text-align:left;vertical-align:top}th{background:#f6f6f7}
td.n{text-align:right;font-variant-numeric:tabular-nums}ul{margin:0;padding-left:1rem}.ok{color:#007f5f}.muted{color:#6d7175}`;

function renderSample(entry: InboxEntry): string {
  const more = entry.adds + entry.updates + entry.removes - entry.sample.length;
  const items = entry.sample.map((m) => `<li>${esc(m.op)} · profile ${esc(m.profileId)} · ${m.maskedEmail === null ? '<span class="muted">no email</span>' : esc(m.maskedEmail)}</li>`);
  if (more > 0) items.push(`<li class="muted">and ${esc(more)} more</li>`);
  return items.length === 0 ? '<span class="muted">none</span>' : `<ul>${items.join('')}</ul>`;
}

function renderRow(entry: InboxEntry): string {
  return `<tr data-batch-id="${esc(entry.batchId)}">
<td>${esc(time(entry.receivedAt))}</td>
<td>${esc(entry.segment.name)} <span class="muted">#${esc(entry.segment.id)}</span></td>
<td class="n">${esc(entry.adds)}</td><td class="n">${esc(entry.updates)}</td><td class="n">${esc(entry.removes)}</td>
<td>${renderSample(entry)}</td>
<td class="ok">${entry.signatureVerified ? 'verified' : 'not verified'}${entry.repeats > 0 ? ` <span class="muted">(re-sent ${esc(entry.repeats)}×, kept once)</span>` : ''}</td>
</tr>`;
}

/**
 * The inbox page: plain HTML, every value escaped, refreshing itself so a merchant who pressed
 * "Sync now" sees the batches arrive. Shows only what the inbox keeps: counts, profile ids, masked emails.
 */
export function renderWebhookInboxPage(snapshot: InboxSnapshot): string {
  const { totals } = snapshot;
  const rows = snapshot.entries.map(renderRow).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Demo webhook inbox</title><style>${STYLE}</style></head>
<body>
<h1>Demo webhook inbox</h1>
<p>The demo's stand-in for a merchant's webhook endpoint: the <strong>Demo webhook inbox</strong> destination
posts its signed batches to <code>POST ${esc(WEBHOOK_INBOX_PATH)}</code>, which checks the signature and keeps
the last ${esc(INBOX_CAPACITY)} batches in memory (a restart empties it). Shoppers appear as their profile id and a masked email.</p>
<p id="totals">${esc(totals.batches)} batches: ${esc(totals.adds)} adds, ${esc(totals.updates)} updates, ${esc(totals.removes)} removes.
Repeats dropped: ${esc(totals.repeats)}. Refused (bad signature): ${esc(totals.refused)}.
Test pings: ${esc(totals.pings)}${snapshot.lastPingAt === null ? '' : `, last at ${esc(time(snapshot.lastPingAt))}`}.</p>
${snapshot.entries.length === 0
    ? `<p class="muted">No batches since this server started. Open Destinations in the admin and press "Sync now" on
Demo webhook inbox. A sync sends only what changed since the last one, so after a restart batches appear as segment
memberships change.</p>`
    : `<table>
<thead><tr><th>Received</th><th>Segment</th><th>Adds</th><th>Updates</th><th>Removes</th><th>First members</th><th>Signature</th></tr></thead>
<tbody>
${rows}
</tbody></table>`}
</body></html>`;
}
