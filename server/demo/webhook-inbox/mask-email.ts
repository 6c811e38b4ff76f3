/**
 * `ada@example.com` → `a***@example.com`: enough for a merchant to see that an address went out, never
 * the address itself. Without an `@` nothing is shown but the mask.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  // By code point, so an address starting with a non-BMP character is not cut in half.
  const [first] = Array.from(email.slice(0, at));
  return `${first}***${email.slice(at)}`;
}
