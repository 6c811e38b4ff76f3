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
  const found: SpecViolation[] = [];
  collectViolations(schema, value, pointer, found);
  return found;
}

// One accumulator and no closures per node: bulk bodies have thousands of nodes, and under tsx every
// named function created per call is also renamed (esbuild's keepNames), which cost the fake more CPU
// than the rest of its work in bench/sync.ts.
function collectViolations(schema: Schema, value: unknown, pointer: string, found: SpecViolation[]): void {
  const resolved = resolve(schema);
  if (value === null) {
    if (!resolved.nullable) found.push({ pointer, detail: 'This field may not be null.' });
    return;
  }
  if (resolved.oneOf) {
    for (const option of resolved.oneOf) if (validateAgainstSpec(option, value, pointer).length === 0) return;
    found.push({ pointer, detail: 'Value does not match any of the allowed shapes.' });
    return;
  }
  if (resolved.type && !hasType(resolved.type, value)) {
    found.push({ pointer, detail: `Expected a value of type ${resolved.type}.` });
    return;
  }
  if (resolved.enum && !resolved.enum.includes(value)) {
    found.push({ pointer, detail: `'${String(value)}' is not a valid choice. Valid choices: ${resolved.enum.join(', ')}.` });
    return;
  }
  if (resolved.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
    found.push({ pointer, detail: 'Invalid date-time.' });
    return;
  }
  if (Array.isArray(value) && resolved.items) {
    for (let index = 0; index < value.length; index += 1) collectViolations(resolved.items, value[index], `${pointer}/${index}`, found);
    return;
  }
  if (resolved.type === 'object' || resolved.properties) {
    const record = value as Record<string, unknown>;
    for (const key of resolved.required ?? []) {
      if (record[key] === undefined) found.push({ pointer: `${pointer}/${key}`, detail: 'This field is required.' });
    }
    const properties = resolved.properties ?? {};
    for (const key in properties) {
      const child = record[key];
      if (child !== undefined) collectViolations(properties[key] as Schema, child, `${pointer}/${key}`, found);
    }
  }
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

function hasType(type: NonNullable<Schema['type']>, value: unknown): boolean {
  switch (type) {
    case 'object': return typeof value === 'object' && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
  }
}
