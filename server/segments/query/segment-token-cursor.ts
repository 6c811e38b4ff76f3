import type { Comparison, ComparisonOperator, DateValue, DurationValue } from './segment-query-ast.js';
import { SegmentQueryError } from './segment-query-error.js';
import { suggestClosestName } from './suggest-closest-name.js';
import { tokenizeSegmentQuery, type SegmentToken } from './tokenize-segment-query.js';

/** Far above any shop's totals; keeps every number printable without exponent notation. */
const MAX_NUMBER = 1e15;
/** Keeps every relative date inside the range JavaScript dates can hold. */
const MAX_OFFSET_YEARS = 10_000;
const COMPARISONS = new Set<string>(['=', '!=', '>', '>=', '<', '<=']);
const DATE_HINT = 'Expected a date like 2025-01-31, today, yesterday or -7d';

/** The token stream of one query, with the readers for values that every part of the grammar shares. */
export class SegmentTokenCursor {
  private readonly tokens: SegmentToken[];
  private index = 0;

  constructor(readonly source: string) {
    this.tokens = tokenizeSegmentQuery(source);
  }

  peek(): SegmentToken {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  next(): SegmentToken {
    const token = this.peek();
    if (token.type !== 'end') this.index++;
    return token;
  }

  acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (token.type !== 'keyword' || token.text !== keyword) return false;
    this.index++;
    return true;
  }

  error(reason: string, token: SegmentToken, hint?: string): SegmentQueryError {
    return new SegmentQueryError(reason, token.position, this.source, hint);
  }

  /** `<op> value` or `BETWEEN value AND value`, with the operators `allowed` (all six and BETWEEN by default). */
  comparison<T>(subject: string, read: () => T, allowed?: readonly string[]): Comparison<T> {
    const operator = this.next();
    const text = operator.type === 'operator' || (operator.type === 'keyword' && operator.text === 'BETWEEN') ? operator.text : undefined;
    if (text === undefined || (allowed !== undefined && !allowed.includes(text)) || (text !== 'BETWEEN' && !COMPARISONS.has(text))) {
      const list = allowed === undefined ? '=, !=, >, >=, <, <= or BETWEEN' : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
      throw this.error(`Expected an operator (${list}) after ${subject}, found ${describeToken(operator)}`, operator);
    }
    if (text !== 'BETWEEN') return { operator: text as ComparisonOperator, value: read() };
    const low = read();
    const and = this.next();
    if (and.type !== 'keyword' || and.text !== 'AND') throw this.error(`Expected AND between the two BETWEEN values, found ${describeToken(and)}`, and);
    return { operator: 'BETWEEN', low, high: read() };
  }

  numberValue(integer: boolean, minimum = -MAX_NUMBER): number {
    const token = this.next();
    const expected = integer ? 'Expected a whole number like 3' : 'Expected a number like 100 or 10.99';
    if (token.type !== 'number' || (integer && token.text.includes('.'))) throw this.error(`${expected}, found ${describeToken(token)}`, token);
    // `|| 0` turns -0 into 0 so a formatted query reads back identically.
    const value = Number(token.text) || 0;
    if (Math.abs(value) > MAX_NUMBER || (integer && !Number.isSafeInteger(value))) throw this.error(`The number ${token.text} is too large`, token);
    // JavaScript writes values below 1e-6 with an exponent, which the formatter could not read back.
    if (String(value).includes('e')) throw this.error(`The number ${token.text} has too many decimals`, token);
    if (value < minimum) throw this.error(`Expected a number of at least ${minimum}, found ${describeToken(token)}`, token);
    return value;
  }

  stringValue(expected: string): string {
    const token = this.next();
    if (token.type !== 'string') throw this.error(`Expected ${expected}, found ${describeToken(token)}`, token);
    return token.text;
  }

  /** One of `values`, single-quoted and case-sensitive; a near miss is named in the error. */
  enumValue<T extends string>(subject: string, values: readonly T[]): T {
    const token = this.peek();
    const value = this.stringValue(`a value in single quotes like '${values[0] ?? ''}'`);
    if ((values as readonly string[]).includes(value)) return value as T;
    const suggestion = values.find((v) => v.toLowerCase() === value.toLowerCase()) ?? suggestClosestName(value, values);
    throw this.error(`Unknown value '${value}' for ${subject}`, token, suggestion === undefined ? `expected one of ${values.join(', ')}` : `did you mean '${suggestion}'?`);
  }

  dateValue(): DateValue {
    const token = this.next();
    if (token.type === 'identifier' && /^(today|yesterday)$/i.test(token.text)) {
      return { type: 'named', name: token.text.toLowerCase() as 'today' | 'yesterday' };
    }
    if (token.type === 'offset') {
      const amount = Number(token.text.slice(0, -1)) || 0;
      const unit = token.text.slice(-1) as 'd' | 'w' | 'm' | 'y';
      if (unit === 'y' && Math.abs(amount) > MAX_OFFSET_YEARS) throw this.error(`The offset ${token.text} is more than ${MAX_OFFSET_YEARS} years`, token);
      return { type: 'offset', amount, unit };
    }
    if (token.type === 'duration' && /^\d+[dwmy]$/.test(token.text)) throw this.error(`${DATE_HINT}, found '${token.text}'`, token, `did you mean -${token.text}?`);
    if (token.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(token.text)) {
      throw this.error(`Write dates as yyyy-mm-dd, like 2025-01-31, not '${token.text}'`, token);
    }
    if (token.type === 'date' || token.type === 'datetime') {
      const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = token.text.split(/[-T:]/).map(Number);
      const instant = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
      const real = instant.getUTCFullYear() === year && instant.getUTCMonth() === month - 1 && instant.getUTCDate() === day
        && instant.getUTCHours() === hour && instant.getUTCMinutes() === minute && instant.getUTCSeconds() === second;
      if (!real) throw this.error(`'${token.text}' is not a real ${token.type === 'date' ? 'date' : 'date and time'}`, token);
      return token.type === 'date' ? { type: 'date', year, month, day } : { type: 'datetime', year, month, day, hour, minute, second };
    }
    throw this.error(`${DATE_HINT}, found ${describeToken(token)}`, token);
  }

  /** `30min`, `1h`, `2d` or `1w`, between `minMs` and `maxMs`. */
  durationValue(minMs: number, maxMs: number, toMs: (value: DurationValue) => number): DurationValue {
    const token = this.next();
    const expected = 'Expected a time like 30min, 1h, 2d or 1w';
    if (token.type !== 'duration') throw this.error(`${expected}, found ${describeToken(token)}`, token);
    const unit = /[a-z]+$/.exec(token.text)?.[0] ?? '';
    if (unit === 'm' || unit === 'y') {
      throw this.error(`${expected}, found '${token.text}'`, token, unit === 'm' ? `write minutes as ${token.text}in` : 'write years as days, like 365d');
    }
    const value: DurationValue = { amount: Number.parseInt(token.text, 10), unit: unit as DurationValue['unit'] };
    const ms = toMs(value);
    if (ms < minMs || ms > maxMs) throw this.error(`'${token.text}' is out of range; expected between 1min and ${maxMs / 86_400_000}d`, token);
    return value;
  }
}

export function describeToken(token: SegmentToken): string {
  if (token.type === 'end') return 'the end of the query';
  return `'${token.text}'`;
}
