import { SegmentQueryError } from './segment-query-error.js';

export type SegmentTokenType =
  | 'identifier' | 'keyword' | 'string' | 'number' | 'date' | 'datetime' | 'offset' | 'duration'
  | 'operator' | 'open_paren' | 'close_paren' | 'comma' | 'end';

export interface SegmentToken {
  type: SegmentTokenType;
  /** Keywords are upper-cased; strings are unescaped; everything else is the source text. */
  text: string;
  position: number;
}

/** Longer than any real segment; keeps parsing cost bounded for text that arrives over HTTP. */
export const MAX_SEGMENT_QUERY_LENGTH = 4_000;

// Shopify writes keywords in capitals; we also accept lower case (a superset, see docs/segment-language.md).
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'CONTAINS', 'MATCHES']);

const WHITESPACE = /\s+/y;
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?![\w.:-])/y;
// Loose on purpose: the parser explains "2025-1-31" instead of calling it an unexpected number.
const DATE = /\d{1,4}-\d{1,2}-\d{1,2}(?![\w.:-])/y;
const OFFSET = /[+-]\d{1,6}[dwmy](?![\w.])/y;
// `m` and `y` are read too, so the parser can say "write minutes as 30min" instead of "unexpected".
const DURATION = /\d{1,6}(?:min|[mhdwy])(?![\w.])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?![\w.])/y;
const IDENTIFIER = /[A-Za-z_][\w.]*/y;
const OPERATOR = /!=|>=|<=|=|>|</y;

/** Splits a query into tokens; the last token is always `end`. */
export function tokenizeSegmentQuery(source: string): SegmentToken[] {
  if (source.length > MAX_SEGMENT_QUERY_LENGTH) {
    throw new SegmentQueryError(`The query is longer than ${MAX_SEGMENT_QUERY_LENGTH} characters`, MAX_SEGMENT_QUERY_LENGTH, source);
  }
  const tokens: SegmentToken[] = [];
  let position = 0;
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = position;
    return pattern.exec(source)?.[0];
  };
  while (position < source.length) {
    const space = match(WHITESPACE);
    if (space !== undefined) {
      position += space.length;
      continue;
    }
    const char = source[position] ?? '';
    if (char === '(' || char === ')') {
      tokens.push({ type: char === '(' ? 'open_paren' : 'close_paren', text: char, position });
      position += 1;
      continue;
    }
    // A comma between MATCHES parameters; one glued to digits is a thousands separator, which we refuse.
    if (char === ',' && !/\d/.test(source[position + 1] ?? '')) {
      tokens.push({ type: 'comma', text: char, position });
      position += 1;
      continue;
    }
    if (char === "'") {
      const { text, length } = readString(source, position);
      tokens.push({ type: 'string', text, position });
      position += length;
      continue;
    }
    const found = (
      [['datetime', DATETIME], ['date', DATE], ['offset', OFFSET], ['duration', DURATION], ['number', NUMBER], ['operator', OPERATOR]] as const
    ).find(([, pattern]) => match(pattern) !== undefined);
    if (found !== undefined) {
      const text = match(found[1]) ?? '';
      tokens.push({ type: found[0], text, position });
      position += text.length;
      continue;
    }
    const word = match(IDENTIFIER);
    if (word !== undefined) {
      const upper = word.toUpperCase();
      tokens.push(KEYWORDS.has(upper) ? { type: 'keyword', text: upper, position } : { type: 'identifier', text: word, position });
      position += word.length;
      continue;
    }
    throw new SegmentQueryError(`Unexpected '${readWord(source, position)}'`, position, source);
  }
  tokens.push({ type: 'end', text: '', position: source.length });
  return tokens;
}

/** Single-quoted, with `\'` and `\\` escapes as in Shopify's docs (`'\'VIP\''`). */
function readString(source: string, start: number): { text: string; length: number } {
  let text = '';
  let index = start + 1;
  while (index < source.length) {
    const char = source[index];
    if (char === '\\' && (source[index + 1] === "'" || source[index + 1] === '\\')) {
      text += source[index + 1];
      index += 2;
    } else if (char === "'") {
      return { text, length: index + 1 - start };
    } else {
      text += char;
      index += 1;
    }
  }
  throw new SegmentQueryError('This quoted value has no closing quote', start, source);
}

function readWord(source: string, start: number): string {
  const rest = source.slice(start, start + 20);
  return /^\S+/.exec(rest)?.[0] ?? rest;
}
