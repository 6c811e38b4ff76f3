import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid, type Template } from 'liquidjs';
import type { ThemeObjects } from './theme-objects.js';

/**
 * Renders the storefront tracker's app embed block (extensions/storefront-tracker/blocks/*.liquid) the way
 * Shopify does for a body-target embed: with liquidjs, Shopify's Liquid objects (theme-objects.ts), the
 * Shopify-only `asset_url` filter pointing at the demo's copy of the extension assets, Shopify's `json`
 * filter, and `block.settings` filled with the schema's defaults. The block is read and parsed once,
 * on first use, and reused for every page.
 */
const EXTENSION_DIR = fileURLToPath(new URL('../../../extensions/storefront-tracker/', import.meta.url));
export const APP_EMBED_BLOCK_PATH = `${EXTENSION_DIR}blocks/segments-tracker.liquid`;
export const EXTENSION_ASSETS_DIR = `${EXTENSION_DIR}assets/`;

export type AppEmbedRenderer = (objects: ThemeObjects) => string;

interface ParsedBlock {
  templates: Template[];
  /** `block` as Liquid sees it: the embed's handle and its settings at their schema defaults. */
  block: { id: string; settings: Record<string, unknown> };
}

const SCHEMA = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/;

// Shopify's `json` escapes what could end a <script> element or an HTML attribute, and prints nil as null.
const JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
export const shopifyJson = (value: unknown) => JSON.stringify(value ?? null).replace(/[<>&\u2028\u2029]/g, (c) => JSON_ESCAPES[c]!);

function createThemeLiquid(assetBase: string, snippetsDir: string): Liquid {
  const engine = new Liquid({
    // Shopify Liquid: only nil and false are falsy, unknown filters are errors, nothing is auto-escaped.
    jsTruthy: false,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    // `{% render 'x' %}` finds the extension's own snippets, as on Shopify, and nothing outside them.
    root: snippetsDir,
    partials: snippetsDir,
    relativeReference: false,
    extname: '.liquid',
  });
  engine.registerFilter('asset_url', (file: unknown) => `${assetBase}/${encodeURIComponent(String(file))}`);
  engine.registerFilter('json', shopifyJson);
  return engine;
}

function settingDefaults(schemaJson: string | undefined, path: string): Record<string, unknown> {
  if (schemaJson === undefined) return {};
  let schema: { settings?: { id?: unknown; default?: unknown }[] };
  try {
    schema = JSON.parse(schemaJson);
  } catch {
    throw new Error(`${path}: the {% schema %} block is not valid JSON`);
  }
  const settings: Record<string, unknown> = {};
  for (const s of schema.settings ?? []) if (typeof s.id === 'string') settings[s.id] = s.default ?? null;
  return settings;
}

export function createAppEmbedRenderer(options: { blockPath?: string; assetBase: string }): AppEmbedRenderer {
  const blockPath = options.blockPath ?? APP_EMBED_BLOCK_PATH;
  const engine = createThemeLiquid(options.assetBase, join(dirname(blockPath), '../snippets'));
  let parsed: ParsedBlock | null = null;
  const load = (): ParsedBlock => {
    const source = readFileSync(blockPath, 'utf8');
    // Shopify reads {% schema %} itself and never renders it, so it is cut out rather than parsed as Liquid.
    const schema = SCHEMA.exec(source)?.[1];
    const handle = basename(blockPath, '.liquid');
    return {
      templates: engine.parse(source.replace(SCHEMA, ''), blockPath),
      block: { id: handle, settings: settingDefaults(schema, blockPath) },
    };
  };
  return (objects) => {
    parsed ??= load();
    // Shopify's objects are globals (a rendered snippet sees them too); `block` belongs to the block alone.
    return engine.renderSync(parsed.templates, { block: parsed.block }, { globals: objects }) as string;
  };
}
