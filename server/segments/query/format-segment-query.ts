import type { Comparison, DateValue, EventPropertyFilter, SegmentCondition, SegmentExpression, ShopperEventsCondition } from './segment-query-ast.js';

/**
 * Writes a parsed query back in canonical form: keywords in capitals, single spaces, parentheses only
 * where precedence needs them, MATCHES parameters in a fixed order. Parsing the result gives the same
 * tree (positions aside).
 */
export function formatSegmentQuery(expression: SegmentExpression): string {
  switch (expression.kind) {
    case 'or':
      return expression.operands.map((operand) => formatSegmentQuery(operand)).join(' OR ');
    case 'and':
      return expression.operands.map((operand) => (operand.kind === 'or' ? `(${formatSegmentQuery(operand)})` : formatSegmentQuery(operand))).join(' AND ');
    case 'not': {
      const inner = formatSegmentQuery(expression.operand);
      return expression.operand.kind === 'or' || expression.operand.kind === 'and' ? `NOT (${inner})` : `NOT ${inner}`;
    }
    default:
      return formatCondition(expression);
  }
}

function formatCondition(condition: SegmentCondition): string {
  switch (condition.kind) {
    case 'number':
      return formatComparison(condition.attribute, condition, String);
    case 'date':
      return formatComparison(condition.attribute, condition, formatDate);
    case 'enum':
    case 'list':
      return `${condition.attribute} ${condition.operator} ${quote(condition.value)}`;
    case 'events':
      return formatShopperEvents(condition);
  }
}

/** Order: name, property filters as written, not_followed_by, within, date, count. */
function formatShopperEvents(condition: ShopperEventsCondition): string {
  const parts = [`name = ${quote(condition.name)}`, ...condition.filters.map(formatFilter)];
  if (condition.notFollowedBy !== undefined) {
    const { name, within } = condition.notFollowedBy;
    parts.push(`not_followed_by = ${quote(name)}`, `within = ${within.amount}${within.unit}`);
  }
  if (condition.date !== undefined) parts.push(formatComparison('date', condition.date, formatDate));
  if (condition.count !== undefined) parts.push(formatComparison('count', condition.count, String));
  return `shopper_events ${condition.negated ? 'NOT MATCHES' : 'MATCHES'} (${parts.join(', ')})`;
}

function formatFilter(filter: EventPropertyFilter): string {
  switch (filter.type) {
    case 'number': return formatComparison(filter.property, filter, String);
    case 'boolean': return `${filter.property} ${filter.operator} ${String(filter.value)}`;
    default: return `${filter.property} ${filter.operator} ${quote(filter.value)}`;
  }
}

function formatComparison<T>(subject: string, comparison: Comparison<T>, format: (value: T) => string): string {
  return comparison.operator === 'BETWEEN'
    ? `${subject} BETWEEN ${format(comparison.low)} AND ${format(comparison.high)}`
    : `${subject} ${comparison.operator} ${format(comparison.value)}`;
}

function formatDate(value: DateValue): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  switch (value.type) {
    case 'named': return value.name;
    case 'offset': return `${value.amount < 0 ? '-' : '+'}${Math.abs(value.amount)}${value.unit}`;
    case 'date': return `${pad(value.year, 4)}-${pad(value.month)}-${pad(value.day)}`;
    case 'datetime':
      return `${pad(value.year, 4)}-${pad(value.month)}-${pad(value.day)}T${pad(value.hour)}:${pad(value.minute)}:${pad(value.second)}`;
  }
}

function quote(value: string): string {
  return `'${value.replace(/[\\']/g, (char) => `\\${char}`)}'`;
}
