import type { DateValue, SegmentCondition, SegmentExpression } from './segment-query-ast.js';

/**
 * Writes a parsed query back in canonical form: keywords in capitals, single spaces, parentheses only
 * where precedence needs them. Parsing the result gives the same tree (positions aside).
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
      return condition.operator === 'BETWEEN'
        ? `${condition.attribute} BETWEEN ${condition.low} AND ${condition.high}`
        : `${condition.attribute} ${condition.operator} ${condition.value}`;
    case 'date':
      return condition.operator === 'BETWEEN'
        ? `${condition.attribute} BETWEEN ${formatDate(condition.low)} AND ${formatDate(condition.high)}`
        : `${condition.attribute} ${condition.operator} ${formatDate(condition.value)}`;
    case 'enum':
    case 'list':
      return `${condition.attribute} ${condition.operator} ${quote(condition.value)}`;
  }
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
