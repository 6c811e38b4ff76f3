/**
 * Reads the TOML subset shopify.app.toml uses: `key = value` with strings, booleans, integers and
 * (multi-line) arrays of those, `[table.path]`, `[[array.of.tables]]` and `#` comments. Anything else
 * throws, so the config test fails loudly instead of checking a misread file. No package needed.
 * Comments written inside a table are kept: `commentsOf(table)`.
 */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable { [key: string]: TomlValue }

const comments = new WeakMap<TomlTable, string[]>();
export const commentsOf = (table: TomlTable): string[] => comments.get(table) ?? [];

export function readTomlSubset(text: string): TomlTable {
  const root: TomlTable = {};
  let current = root;
  comments.set(root, []);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      comments.get(current)?.push(line.slice(1).trim());
      continue;
    }
    const arrayHeader = /^\[\[([a-z0-9_.-]+)\]\]$/i.exec(line);
    const tableHeader = /^\[([a-z0-9_.-]+)\]$/i.exec(line);
    if (arrayHeader?.[1]) {
      const path = arrayHeader[1].split('.');
      const parent = descend(root, path.slice(0, -1));
      const key = path.at(-1) as string;
      const list = (parent[key] ??= []) as TomlValue[];
      if (!Array.isArray(list)) throw new Error(`line ${i + 1}: ${key} is not an array of tables`);
      current = {};
      list.push(current);
      comments.set(current, []);
      continue;
    }
    if (tableHeader?.[1]) {
      current = descend(root, tableHeader[1].split('.'));
      if (!comments.has(current)) comments.set(current, []);
      continue;
    }
    const kv = /^([a-z0-9_-]+)\s*=\s*(.+)$/i.exec(line);
    if (!kv?.[1] || !kv[2]) throw new Error(`line ${i + 1}: unsupported TOML: ${line}`);
    let source = kv[2];
    // A multi-line array: gather lines until the brackets balance.
    while (source.startsWith('[') && !balanced(source)) {
      i++;
      if (i >= lines.length) throw new Error('unterminated array');
      line = stripComment((lines[i] ?? '').trim());
      source += ' ' + line;
    }
    const [value, rest] = readValue(source, 0);
    if (stripComment(source.slice(rest)).trim() !== '') throw new Error(`line ${i + 1}: trailing text: ${line}`);
    if (kv[1] in current) throw new Error(`line ${i + 1}: duplicate key ${kv[1]}`);
    current[kv[1]] = value;
  }
  return root;
}

function descend(root: TomlTable, path: string[]): TomlTable {
  let t = root;
  for (const key of path) {
    const next = t[key] ?? (t[key] = {});
    if (Array.isArray(next)) {
      const last = next.at(-1);
      if (!last || typeof last !== 'object' || Array.isArray(last)) throw new Error(`bad table path ${path.join('.')}`);
      t = last;
    } else if (typeof next === 'object') {
      t = next;
    } else {
      throw new Error(`${key} is not a table`);
    }
  }
  return t;
}

function stripComment(s: string): string {
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"' && s[i - 1] !== '\\') inString = !inString;
    if (s[i] === '#' && !inString) return s.slice(0, i);
  }
  return s;
}

function balanced(s: string): boolean {
  let depth = 0;
  let inString = false;
  for (const [i, c] of [...stripComment(s)].entries()) {
    if (c === '"' && s[i - 1] !== '\\') inString = !inString;
    else if (!inString && c === '[') depth++;
    else if (!inString && c === ']') depth--;
  }
  return depth === 0;
}

function readValue(s: string, at: number): [TomlValue, number] {
  while (s[at] === ' ') at++;
  const c = s[at];
  if (c === '"') {
    let out = '';
    for (let i = at + 1; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\\') {
        const next = s[++i];
        out += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '');
      } else if (ch === '"') {
        return [out, i + 1];
      } else {
        out += ch;
      }
    }
    throw new Error('unterminated string');
  }
  if (c === '[') {
    const items: TomlValue[] = [];
    let i = at + 1;
    for (;;) {
      while (s[i] === ' ' || s[i] === ',') i++;
      if (s[i] === ']') return [items, i + 1];
      if (i >= s.length) throw new Error('unterminated array');
      const [v, next] = readValue(s, i);
      items.push(v);
      i = next;
    }
  }
  const word = /^(true|false|-?\d+)/.exec(s.slice(at));
  if (!word?.[1]) throw new Error(`unsupported value: ${s.slice(at)}`);
  const value = word[1] === 'true' ? true : word[1] === 'false' ? false : Number(word[1]);
  return [value, at + word[1].length];
}
