// Shopify's customer tags: no commas (a comma separates tags), at most 255 characters (shopify.md §7.2).
export const MAX_SHOPIFY_TAG_LENGTH = 255;

/** `Lapsed VIPs — Café` → `lapsed-vips-cafe`: tags survive Shopify's segment editor and Flow conditions unquoted. */
export function slugify(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** `${tagPrefix}${slug(segment name)}`; a name with nothing sluggable falls back to the segment id. */
export function shopifyTagName(tagPrefix: string, segmentName: string, segmentId: number): string {
  const prefix = tagPrefix.replaceAll(',', '').trim();
  const slug = slugify(segmentName) || `segment-${segmentId}`;
  return `${prefix}${slug}`.slice(0, MAX_SHOPIFY_TAG_LENGTH).replace(/-+$/, '');
}
