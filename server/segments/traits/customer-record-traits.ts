import type { FactCustomer } from './profile-facts.js';

export interface CustomerRecordTraits {
  emailSubscriptionStatus: string | null;
  customerTags: string[];
  customerTagsFolded: string[];
}

/**
 * What Shopify's customer record says. The consent state is stored lower-cased and the segment language
 * writes Shopify's enum (SUBSCRIBED, NOT_SUBSCRIBED, ...). Tags come as Shopify's "a, b" string; the folded
 * list (JavaScript's Unicode-aware toLowerCase, which SQLite's lower() is not) serves case-insensitive CONTAINS.
 */
export function computeCustomerRecordTraits(customer: FactCustomer | null): CustomerRecordTraits {
  if (customer === null) return { emailSubscriptionStatus: null, customerTags: [], customerTagsFolded: [] };
  const state = customer.emailConsentState?.trim();
  const customerTags = unique((customer.tags ?? '').split(',').map((t) => t.trim()).filter((t) => t !== ''));
  return {
    emailSubscriptionStatus: state ? state.toUpperCase() : null,
    customerTags,
    customerTagsFolded: unique(customerTags.map((t) => t.toLowerCase())),
  };
}

const unique = (values: readonly string[]) => [...new Set(values)];
