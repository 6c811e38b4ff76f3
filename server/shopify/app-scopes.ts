/**
 * Access scopes the app asks for in the authorization-code flow; must equal `[access_scopes]` in
 * shopify.app.toml (managed installs use the TOML). Customers read/write for tags, orders, the web pixel
 * and its events, the app proxy, and the live theme's settings to see whether the app embed is on (issue 4).
 */
export const APP_SCOPES = ['read_customers', 'write_customers', 'read_orders', 'write_pixels', 'read_customer_events', 'write_app_proxy', 'read_themes'] as const;
