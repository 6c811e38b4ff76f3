import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface Row {
  file: string;
  kind: 'js' | 'css';
  bytes: number;
  gzip: number;
  /** Loaded by the document itself: the entry chunk, what it imports statically, and its CSS. */
  initial: boolean;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/**
 * Prints the admin's JavaScript and CSS sizes, raw and gzipped, after `vite build`: every file, what the
 * first page load downloads (the entry and its static imports), and the totals. Issue 6 asks the build
 * to report them; the figures also go to docs/performance.md.
 */
export function sizeReport(): Plugin {
  return {
    name: 'shopper-segments-size-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const initial = new Set<string>();
      const visit = (name: string) => {
        const item = bundle[name];
        if (!item || initial.has(name)) return;
        initial.add(name);
        if (item.type === 'chunk') {
          item.imports.forEach(visit);
          for (const css of item.viteMetadata?.importedCss ?? []) initial.add(css);
        }
      };
      for (const item of Object.values(bundle)) if (item.type === 'chunk' && item.isEntry) visit(item.fileName);

      const rows: Row[] = [];
      for (const item of Object.values(bundle)) {
        const kind = item.fileName.endsWith('.js') ? 'js' : item.fileName.endsWith('.css') ? 'css' : null;
        if (!kind) continue;
        const source = item.type === 'chunk' ? item.code : item.source;
        const buffer = typeof source === 'string' ? Buffer.from(source) : Buffer.from(source);
        rows.push({ file: item.fileName, kind, bytes: buffer.length, gzip: gzipSync(buffer, { level: 9 }).length, initial: initial.has(item.fileName) });
      }
      rows.sort((a, b) => b.gzip - a.gzip);
      const sum = (list: Row[], key: 'bytes' | 'gzip') => list.reduce((s, r) => s + r[key], 0);
      const lines = ['', 'Admin bundle sizes (gzip level 9):'];
      for (const r of rows) lines.push(`  ${r.initial ? '*' : ' '} ${r.file.padEnd(48)} ${kb(r.bytes).padStart(10)}  gzip ${kb(r.gzip).padStart(9)}`);
      for (const kind of ['js', 'css'] as const) {
        const all = rows.filter((r) => r.kind === kind);
        const first = all.filter((r) => r.initial);
        lines.push(`  ${kind.toUpperCase().padEnd(3)} first load ${kb(sum(first, 'gzip'))} gzip (${kb(sum(first, 'bytes'))} raw); all chunks ${kb(sum(all, 'gzip'))} gzip (${kb(sum(all, 'bytes'))} raw)`);
      }
      lines.push('  * = loaded by the document on every page; the rest load with the page that needs them.', '');
      this.info(lines.join('\n'));
    },
  };
}
