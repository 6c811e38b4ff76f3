/**
 * Demo shopper identities, shared by the seed and the storefront's "log in as a demo customer" switch,
 * so logging in on the demo store joins the live session to that shopper's seeded history.
 * Addresses use the reserved example.com domain; ids are text like Shopify's.
 */
export const demoCustomerId = (shopperIndex: number) => String(7_000_000_000_000 + shopperIndex);
export const demoEmail = (shopperIndex: number) => `shopper${shopperIndex + 1}@example.com`;

export interface DemoCustomer {
  id: string;
  email: string;
  label: string;
}

/** The customers offered by the storefront's login switch: the first shoppers of the seed. */
export const DEMO_LOGIN_CUSTOMERS: readonly DemoCustomer[] = [0, 1, 2].map((i) => ({
  id: demoCustomerId(i),
  email: demoEmail(i),
  label: `Demo customer ${i + 1}`,
}));

export function demoLoginCustomer(id: string | undefined): DemoCustomer | null {
  return DEMO_LOGIN_CUSTOMERS.find((c) => c.id === id) ?? null;
}
