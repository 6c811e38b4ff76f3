import { readSharedContract } from '../read-shared-contract.js';

/**
 * Validates request bodies against the Mailchimp spec subset itself
 * (../shared/contracts/mailchimp/marketing-subset.json), so the fake accepts exactly what the spec accepts:
 * types, required fields, enums and date-time formats. Limits stated only in prose (500 members per batch)
 * are enforced by the routes.
 */
interface Schema {
  $ref?: string;
  type?: string;
  required?: string[];
  enum?: unknown[];
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  maxItems?: number;
  maxLength?: number;
}

const spec = readSharedContract('mailchimp/marketing-subset.json') as {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

export interface FieldError { field: string; message: string }

/** The request schema of `method path` (path as written in the spec, e.g. `/lists/{list_id}`). */
export function requestSchema(method: string, specPath: string): Schema {
  const body = spec.paths[specPath]?.[method.toLowerCase()]?.requestBody;
  const schema = body?.content['application/json']?.schema;
  if (!schema) throw new Error(`spec has no request body for ${method} ${specPath}`);
  return schema;
}

export function validateAgainstSpec(schema: Schema, value: unknown, field = ''): FieldError[] {
  const s = resolve(schema);
  const errors: FieldError[] = [];
  const at = field || '(body)';
  if (s.type && !hasType(s.type, value)) return [{ field: at, message: `Expected ${s.type}` }];
  if (s.enum && !s.enum.includes(value)) {
    return [{ field: at, message: `Must be one of: ${s.enum.join(', ')}` }];
  }
  if (s.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
    errors.push({ field: at, message: 'Expected a date-time' });
  }
  if (typeof value === 'string' && s.maxLength !== undefined && value.length > s.maxLength) {
    errors.push({ field: at, message: `At most ${s.maxLength} characters` });
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) errors.push({ field: at, message: `At most ${s.maxItems} items` });
    if (s.items) value.forEach((item, i) => errors.push(...validateAgainstSpec(s.items as Schema, item, `${field}[${i}]`)));
  }
  if (isObject(value)) {
    for (const name of s.required ?? []) {
      if (value[name] === undefined) errors.push({ field: join(field, name), message: 'This value is required' });
    }
    for (const [name, sub] of Object.entries(s.properties ?? {})) {
      if (value[name] !== undefined) errors.push(...validateAgainstSpec(sub, value[name], join(field, name)));
    }
  }
  return errors;
}

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = spec.components.schemas[name];
  if (!target) throw new Error(`spec has no schema ${name}`);
  return resolve(target);
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    default: return true;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(parent: string, name: string): string {
  return parent ? `${parent}.${name}` : name;
}
