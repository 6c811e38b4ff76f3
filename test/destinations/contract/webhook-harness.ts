import { startWebhookReceiver } from '../../fakes/webhook-receiver/start-webhook-receiver.js';
import type { ContractFixture, ContractHarness } from './contract-harness.js';

const SECRET = 'whsec_contract_suite_secret_0123456789';

/**
 * A merchant's webhook receiver for the shared destination contract suite. The receiver checks our
 * signature against its own clock; the suite moves the app's clock forward (backoff, debounce), so the
 * timestamp tolerance here is a week rather than the 5 minutes a real receiver should use.
 */
export const webhookHarness: ContractHarness = {
  kind: 'webhook',
  identity: 'email',
  async start(): Promise<ContractFixture> {
    const receiver = await startWebhookReceiver({ secret: SECRET, toleranceSeconds: 7 * 24 * 3600 });
    return {
      env: { SYNC_HTTP_TIMEOUT_MS: '2000' },
      destination: { kind: 'webhook', name: 'Webhook (contract)', settings: { url: receiver.url, requireMarketingConsent: true }, credentials: { secret: SECRET } },
      // A different secret: the receiver cannot verify the signature and answers 401.
      wrongCredentials: { secret: 'whsec_not_the_receivers_secret_987654' },
      async members(remoteRef) {
        const segmentId = /^segment-(\d+)$/.exec(remoteRef)?.[1];
        if (segmentId === undefined) throw new Error(`not a webhook target ref: ${remoteRef}`);
        return receiver.members(Number(segmentId));
      },
      flowEvents: () => null,
      inject(fault, times = 1) {
        if (fault === 'timeout') receiver.inject({ kind: 'timeout', times });
        else receiver.inject({ kind: 'status', status: fault === 'throttle' ? 429 : 500, times, ...(fault === 'throttle' && { retryAfter: '1' }) });
      },
      refuse: (key) => receiver.refuse(key),
      requestCount: () => receiver.requests.length,
      close: () => receiver.close(),
    };
  },
};
