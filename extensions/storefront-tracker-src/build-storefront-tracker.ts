import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export const TRACKER_ASSET = fileURLToPath(new URL('../storefront-tracker/assets/segments-tracker.js', import.meta.url));

export interface BuiltScript {
  code: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export const sizesOf = (code: string): BuiltScript => ({
  code,
  raw: Buffer.byteLength(code),
  gzip: gzipSync(code, { level: 9 }).length,
  brotli: brotliCompressSync(code).length,
});

/**
 * One minified IIFE with no dependencies. ES2020 covers every browser Shopify's storefronts support
 * (optional chaining and `??` need Safari 13.1+); `??=` and `||=` are lowered by esbuild.
 */
export async function buildStorefrontTracker(options: { write?: boolean } = {}): Promise<BuiltScript> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    // No "use strict" prologue (13 bytes): nothing in the script depends on strict-mode semantics.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    write: false,
  });
  const code = result.outputFiles[0]!.text;
  if (options.write) writeFileSync(TRACKER_ASSET, code);
  return sizesOf(code);
}
