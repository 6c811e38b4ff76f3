import { isIP } from 'node:net';

/**
 * The client's IP address, used in memory for rate limiting only (never stored or logged).
 * Walks X-Forwarded-For from the right while the hop that added it is a private or loopback proxy,
 * the same trust rule app.ts gives Express ('loopback, linklocal, uniquelocal').
 * `extraHops` trusts that many more public hops: behind Shopify's app proxy the caller is Shopify,
 * which puts the shopper's address in X-Forwarded-For.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, extraHops = 0): string {
  let address = stripMappedPrefix(socketAddress ?? '');
  if (!forwardedFor) return address;
  const hops = forwardedFor.split(',');
  let extra = extraHops;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrustedProxy(address)) {
      if (extra === 0) break;
      extra--;
    }
    const next = stripMappedPrefix(hops[i]!.trim());
    if (isIP(next) === 0) break;
    address = next;
  }
  return address;
}

function stripMappedPrefix(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function isTrustedProxy(address: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(address);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return a === 127 || a === 10 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  const lower = address.toLowerCase();
  return lower === '::1' || /^fe[89ab]/.test(lower) || /^f[cd]/.test(lower);
}
