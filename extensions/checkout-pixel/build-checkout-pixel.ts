import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export const PIXEL_ENTRY = fileURLToPath(new URL('./src/index.ts', import.meta.url));
/** Git-ignored; Shopify CLI builds its own copy from src/index.ts on `shopify app deploy`. */
export const PIXEL_BUNDLE = fileURLToPath(new URL('./dist/checkout-pixel.js', import.meta.url));
/** Shopify CLI refuses a web pixel bundle above 128 KB (shopify.md §3.1). */
export const PIXEL_BUNDLE_LIMIT_BYTES = 128 * 1024;

export interface BuiltPixel {
  code: string;
  raw: number;
  gzip: number;
  brotli: number;
  /** Where the bundle was written, or null with `write: false`. */
  outfile: string | null;
}

/**
 * Bundles the pixel the way Shopify CLI does (esbuild, one entry, everything inlined) into one
 * minified IIFE. ES2020 matches the storefront tracker's target and every browser checkout supports.
 */
export async function buildCheckoutPixel(options: { write?: boolean } = {}): Promise<BuiltPixel> {
  const result = await build({
    entryPoints: [PIXEL_ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    write: false,
  });
  const code = result.outputFiles[0]!.text;
  const write = options.write ?? true;
  if (write) {
    mkdirSync(dirname(PIXEL_BUNDLE), { recursive: true });
    writeFileSync(PIXEL_BUNDLE, code);
  }
  return {
    code,
    raw: Buffer.byteLength(code),
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code).length,
    outfile: write ? PIXEL_BUNDLE : null,
  };
}
