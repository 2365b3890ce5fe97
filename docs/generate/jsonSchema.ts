import { z } from 'zod';

/** A JSON Schema (2020-12) object as the generators handle it. */
export type JsonSchema = { [key: string]: unknown };

/** Formats whose regex `pattern` zod also emits: the format says it, the long pattern is noise. */
const formatsWithoutPattern = new Set(['uuid', 'date-time', 'date', 'time', 'email', 'duration']);

/**
 * Collects the `$defs` of every converted schema (recursive shapes) under one namespace, so they can live in
 * the OpenAPI `components.schemas` and be referenced from anywhere in the document.
 */
export class SchemaStore {
  /** Shared definitions, by component name. */
  readonly defs = new Map<string, JsonSchema>();
  readonly #metadata: { get(schema: z.ZodType): Record<string, unknown> | undefined };

  /**
   * `named`: schemas to emit once as named components (e.g. the SDK's DTOs) instead of inline everywhere.
   * Their own metadata (descriptions in zod's global registry) is kept.
   */
  constructor(named: ReadonlyMap<z.ZodType, string> = new Map()) {
    this.#metadata = {
      get: (schema) => {
        const meta = z.globalRegistry.get(schema);
        const id = named.get(schema);
        return id === undefined ? meta : { ...meta, id };
      },
    };
  }

  /**
   * Converts a zod schema to JSON Schema (`io` picks the input or output side), moving its `$defs` into the
   * store under names prefixed by `owner` and rewriting its `$ref`s to `#/components/schemas/...`.
   */
  convert(schema: z.ZodType, io: 'input' | 'output', owner: string): JsonSchema {
    // `metadata` only needs `get`: a view over the global registry that adds the component ids.
    const metadata = this.#metadata as unknown as NonNullable<Parameters<typeof z.toJSONSchema>[1]>['metadata'];
    const raw = z.toJSONSchema(schema, { io, unrepresentable: 'any', metadata }) as JsonSchema;
    const { $schema: _dialect, $defs, ...root } = raw;
    const names = new Map<string, string>();
    const defs = ($defs ?? {}) as Record<string, JsonSchema>;
    for (const name of Object.keys(defs)) {
      // Anonymous defs (`__schema0`) are named after their owner; named ones keep their id (`Input` side marked).
      const anonymous = /^__schema\d+$/.test(name);
      names.set(name, anonymous ? `${owner}.${io}.${name.replace(/^__/, '')}` : io === 'input' ? `${name}Input` : name);
    }
    // Same id but another shape than a def already stored: qualify this one by its owner, then rewrite.
    const convertDefs = () =>
      Object.entries(defs).map(([name, def]) => [name, tidy(rewriteRefs(def, names)) as JsonSchema] as const);
    let converted = convertDefs();
    const clashes = converted.filter(([name, def]) => {
      const existing = this.defs.get(names.get(name) ?? name);
      return existing !== undefined && JSON.stringify(existing) !== JSON.stringify(def);
    });
    if (clashes.length > 0) {
      for (const [name] of clashes) names.set(name, `${names.get(name) ?? name}.${owner}`);
      converted = convertDefs();
    }
    for (const [name, def] of converted) this.defs.set(names.get(name) ?? name, def);
    return tidy(rewriteRefs(root, names)) as JsonSchema;
  }

  /** The definitions sorted by name (deterministic output). */
  sorted(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.defs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

function rewriteRefs(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, names));
  if (typeof value !== 'object' || value === null) return value;
  const out: JsonSchema = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
      const name = v.slice('#/$defs/'.length);
      out[key] = `#/components/schemas/${names.get(name) ?? name}`;
    } else {
      out[key] = rewriteRefs(v, names);
    }
  }
  return out;
}

/** Drops the regex patterns that only restate a `format`, and zod's safe-integer bounds. */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (typeof value !== 'object' || value === null) return value;
  const out: JsonSchema = {};
  const node = value as JsonSchema;
  for (const [key, v] of Object.entries(node)) {
    if (key === 'pattern' && typeof node.format === 'string' && formatsWithoutPattern.has(node.format)) continue;
    if (key === 'minimum' && v === Number.MIN_SAFE_INTEGER) continue;
    if (key === 'maximum' && v === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(v);
  }
  return out;
}

/** The last segment of a `$ref`, e.g. `sequence.create.input.schema0`. */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** A short, human-readable type of a JSON Schema: `string (uuid)`, `integer[]`, `"a" \| "b"`, `Step`... */
export function typeLabel(schema: JsonSchema | undefined): string {
  if (!schema || Object.keys(schema).length === 0) return 'any';
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) return [...new Set(union.map(typeLabel))].join(' | ');
  if (Array.isArray(schema.allOf)) return (schema.allOf as JsonSchema[]).map(typeLabel).join(' & ');
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  return types
    .map((t) => {
      if (t === 'array') return `${wrap(typeLabel(schema.items as JsonSchema | undefined))}[]`;
      if (t === 'object') {
        const extra = schema.additionalProperties;
        if (!schema.properties && typeof extra === 'object' && extra !== null) {
          return `Record<string, ${typeLabel(extra as JsonSchema)}>`;
        }
        return 'object';
      }
      if (t === 'string' && typeof schema.format === 'string') return `string (${schema.format})`;
      return t ?? 'any';
    })
    .join(' | ');
}

function wrap(label: string): string {
  return label.includes(' ') ? `(${label})` : label;
}
