import { createHash } from 'node:crypto';

/** Mailchimp keys a member by the MD5 of the trimmed, lower-cased address (email-tools.md §B.2). */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex');
}

// Assumption: tags are static segments, whose names Mailchimp caps at 100 characters; the spec subset states no limit.
export const MAX_TAG_LENGTH = 100;

/**
 * The tag that marks a segment's members in the audience. Mailchimp matches tag names case-insensitively
 * and may change their case, so nothing downstream should depend on the case.
 */
export function mailchimpTagName(segmentName: string): string {
  return `Shopper Segments: ${segmentName.replace(/\s+/g, ' ').trim()}`.slice(0, MAX_TAG_LENGTH).trim();
}
