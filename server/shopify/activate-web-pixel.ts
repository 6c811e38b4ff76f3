import type { AdminGraphqlClient } from './create-admin-graphql-client.js';
import { throwOnUserErrors } from './admin-graphql-error.js';

/** What extensions/checkout-pixel/shopify.extension.toml declares under [settings]; all strings. */
export interface WebPixelSettings {
  collectorUrl: string;
  ingestKey: string;
}

const CURRENT_PIXEL = 'query CurrentWebPixel { webPixel { id settings } }';
const CREATE_PIXEL = `mutation CreateWebPixel($webPixel: WebPixelInput!) {
  webPixelCreate(webPixel: $webPixel) { userErrors { code field message } webPixel { id settings } }
}`;
const UPDATE_PIXEL = `mutation UpdateWebPixel($id: ID!, $webPixel: WebPixelInput!) {
  webPixelUpdate(id: $id, webPixel: $webPixel) { userErrors { code field message } webPixel { id settings } }
}`;

interface PixelPayload {
  userErrors: { code: string | null; field: string[] | null; message: string }[];
  webPixel: { id: string; settings: string } | null;
}

/**
 * Connects the app's web pixel to the shop (one pixel per app per shop): creates it, or updates the
 * existing one's settings, e.g. after a reinstall or when the app URL changed. Settings go as a JSON
 * string, the form Shopify documents. Returns the pixel id and whether it was created.
 */
export async function activateWebPixel(client: AdminGraphqlClient, settings: WebPixelSettings): Promise<{ id: string; created: boolean }> {
  const json = JSON.stringify({ collectorUrl: settings.collectorUrl, ingestKey: settings.ingestKey });
  // Shopify answers `webPixel` with an error and null data while the app has no pixel on the shop.
  const current = await client.execute<{ webPixel: { id: string } | null }>(CURRENT_PIXEL);
  const existing = current.data?.webPixel ?? null;
  if (existing === null) {
    const data = await client.request<{ webPixelCreate: PixelPayload }>(CREATE_PIXEL, { webPixel: { settings: json } });
    throwOnUserErrors('webPixelCreate', data.webPixelCreate);
    return { id: requireId(data.webPixelCreate), created: true };
  }
  const data = await client.request<{ webPixelUpdate: PixelPayload }>(UPDATE_PIXEL, { id: existing.id, webPixel: { settings: json } });
  throwOnUserErrors('webPixelUpdate', data.webPixelUpdate);
  return { id: requireId(data.webPixelUpdate), created: false };
}

function requireId(payload: PixelPayload): string {
  if (!payload.webPixel) throw new Error('Shopify returned no web pixel and no user errors.');
  return payload.webPixel.id;
}
