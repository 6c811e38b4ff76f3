import { readSharedContract } from '../read-shared-contract.js';

/** The subset of OpenAPI 3.0 schema keywords Klaviyo's spec uses on the request bodies we fake. */
interface Schema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  nullable?: boolean;
  oneOf?: Schema[];
  format?: string;
}

interface Spec {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema>; responses?: Record<string, { content: Record<string, { schema: Schema }> }> };
}

export interface SpecViolation { pointer: string; detail: string }

// Read once: the official spec is the single source of truth for what the fake accepts.
const spec = readSharedContract('klaviyo/stable.json') as Spec;

/** The request body schema the spec gives an operation, e.g. ('/api/lists', 'post'). */
/** A response schema from components.responses, e.g. ClientError. */
export function responseSchema(name: string): Schema {
  const schema = spec.components.responses?.[name]?.content['application/vnd.api+json']?.schema;
  if (!schema) throw new Error(`no response ${name} in the Klaviyo spec`);
  return schema;
}

export function requestSchema(path: string, method: string): Schema {
  const schema = spec.paths[path]?.[method]?.requestBody?.content['application/vnd.api+json']?.schema;
  if (!schema) throw new Error(`no request body in the Klaviyo spec for ${method} ${path}`);
  return schema;
}

/** Every place where `value` breaks `schema`, as JSON pointers (empty when it conforms). */
export function validateAgainstSpec(schema: Schema, value: unknown, pointer = ''): SpecViolation[] {
  const resolved = resolve(schema);
  if (value === null) return resolved.nullable ? [] : [{ pointer, detail: 'This field may not be null.' }];
  if (resolved.oneOf) {
    const matches = resolved.oneOf.filter((option) => validateAgainstSpec(option, value, pointer).length === 0);
    return matches.length > 0 ? [] : [{ pointer, detail: 'Value does not match any of the allowed shapes.' }];
  }
  const typeError = checkType(resolved, value, pointer);
  if (typeError) return [typeError];
  if (resolved.enum && !resolved.enum.includes(value)) {
    return [{ pointer, detail: `'${String(value)}' is not a valid choice. Valid choices: ${resolved.enum.join(', ')}.` }];
  }
  if (resolved.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
    return [{ pointer, detail: 'Invalid date-time.' }];
  }
  if (Array.isArray(value) && resolved.items) {
    return value.flatMap((item, index) => validateAgainstSpec(resolved.items as Schema, item, `${pointer}/${index}`));
  }
  if (resolved.type === 'object' || resolved.properties) {
    const record = value as Record<string, unknown>;
    const missing = (resolved.required ?? [])
      .filter((key) => record[key] === undefined)
      .map((key) => ({ pointer: `${pointer}/${key}`, detail: 'This field is required.' }));
    const nested = Object.entries(resolved.properties ?? {})
      .filter(([key]) => record[key] !== undefined)
      .flatMap(([key, child]) => validateAgainstSpec(child, record[key], `${pointer}/${key}`));
    return [...missing, ...nested];
  }
  return [];
}

function resolve(schema: Schema): Schema {
  let current = schema;
  while (current.$ref) {
    const target = spec.components.schemas[current.$ref.split('/').pop() ?? ''];
    if (!target) throw new Error(`unresolved $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

function checkType(schema: Schema, value: unknown, pointer: string): SpecViolation | undefined {
  const ok = {
    object: () => typeof value === 'object' && !Array.isArray(value),
    array: () => Array.isArray(value),
    string: () => typeof value === 'string',
    integer: () => Number.isInteger(value),
    number: () => typeof value === 'number' && Number.isFinite(value),
    boolean: () => typeof value === 'boolean',
  };
  if (!schema.type || ok[schema.type]()) return undefined;
  return { pointer, detail: `Expected a value of type ${schema.type}.` };
}
