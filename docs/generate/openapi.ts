import { errorStatus } from '@pivotal-pm/sdk';
import sdkPackage from '@pivotal-pm/sdk/package.json' with { type: 'json' };
import { buildCatalog, pendingNote, statusText, type Catalog, type OperationDoc } from './catalog';
import type { JsonSchema } from './jsonSchema';

const errorBodyRef = { $ref: '#/components/schemas/ErrorBody' };

/** The shared error body: `{ error: { code, message, requestId, details? } }`. */
const ErrorBody: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'requestId'],
      properties: {
        code: {
          type: 'string',
          description: 'Machine-readable error code; the operation lists the ones it answers in x-error-codes.',
          examples: Object.keys(errorStatus),
        },
        message: { type: 'string', description: 'Human-readable explanation.' },
        requestId: { type: 'string', description: 'The request id (also in the x-request-id header).' },
        details: { description: 'Extra data, e.g. the field issues of validation_failed.' },
      },
    },
  },
};

const requestIdHeader = { 'x-request-id': { $ref: '#/components/headers/RequestId' } };

/** Component name of the shared error response of a status, e.g. `Conflict` for 409. */
function errorResponseName(status: number): string {
  return (statusText[status] ?? `Status${status}`).replace(/[^A-Za-z]/g, '');
}

/** Builds the OpenAPI 3.1 document of every operation of the registry. */
export function buildOpenApi(catalog: Catalog = buildCatalog()): JsonSchema {
  const paths: JsonSchema = {};
  for (const doc of catalog.docs) {
    const item: JsonSchema = { post: operationObject(doc, 'post') };
    if (doc.op.kind === 'query') item.get = operationObject(doc, 'get');
    paths[`/v1/${doc.op.id}`] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pivotal Pipeline Management API',
      version: sdkPackage.version,
      description:
        'Every operation is `POST /v1/{operationId}` with a JSON body (queries also answer GET with query ' +
        'parameters). Success: `200 {data}`, lists `200 {data: [...], nextCursor}`. Errors: ' +
        '`{error: {code, message, requestId, details?}}`. Operations marked `x-pivotal-status: pending` are ' +
        'declared but not implemented yet: they answer 501 `not_implemented`. Generated from the SDK registry; do not edit.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: catalog.domains.map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'Entra ID access token, tenant API key or embed token.',
        },
      },
      headers: {
        RequestId: { description: 'The request id, to quote to support.', schema: { type: 'string' } },
      },
      responses: Object.fromEntries(
        [...new Set(catalog.docs.flatMap((d) => d.errorsByStatus.map(([status]) => status)))]
          .sort((a, b) => a - b)
          .map((status) => [
            errorResponseName(status),
            {
              description: `${statusText[status] ?? 'Error'} (${status}).`,
              headers: requestIdHeader,
              content: { 'application/json': { schema: errorBodyRef } },
            },
          ]),
      ),
      schemas: { ErrorBody, ...catalog.store.sorted() },
    },
  };
}

function operationObject(doc: OperationDoc, method: 'get' | 'post'): JsonSchema {
  const { op } = doc;
  const operation: JsonSchema = {
    // OpenAPI wants operationIds unique across the document: the GET twin gets a suffix.
    operationId: method === 'post' ? op.id : `${op.id}ViaGet`,
    summary: op.summary,
    ...(doc.pending ? { description: pendingNote, 'x-pivotal-status': 'pending' } : {}),
    tags: [doc.domain],
    'x-kind': op.kind,
    'x-permission': op.permission,
    'x-roles': doc.roles,
    ...(op.flag ? { 'x-feature-flag': op.flag } : {}),
    'x-emits': [...op.emits],
    'x-error-codes': doc.errorsByStatus.flatMap(([, codes]) => codes),
    ...(op.list ? { 'x-list': true } : {}),
  };
  const parameters: JsonSchema[] = [];
  if (op.kind === 'mutation') {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Replays the first response for 24 h; the same key with another body answers 409.',
      schema: { type: 'string', maxLength: 255 },
    });
  }
  if (method === 'get') {
    parameters.push(...queryParameters(doc.input));
  } else {
    operation.requestBody = { required: true, content: { 'application/json': { schema: doc.input } } };
  }
  if (parameters.length > 0) operation.parameters = parameters;
  operation.responses = responses(doc);
  return operation;
}

/** The top-level fields of the input that a query string can carry (primitives and lists of primitives). */
function queryParameters(input: JsonSchema): JsonSchema[] {
  const properties = (input.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((input.required ?? []) as string[]);
  return Object.entries(properties)
    .filter(([, schema]) => isQueryable(schema))
    .map(([name, schema]) => ({
      name,
      in: 'query',
      required: required.has(name),
      ...(isArrayish(schema) ? { style: 'form', explode: false } : {}),
      schema,
    }));
}

const primitive = new Set(['string', 'number', 'integer', 'boolean', 'null']);

function isQueryable(schema: JsonSchema): boolean {
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) return union.every(isQueryable);
  if ('const' in schema || Array.isArray(schema.enum)) return true;
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type];
  return types.every((t) => {
    if (typeof t === 'string' && primitive.has(t)) return true;
    if (t === 'array') {
      const items = schema.items as JsonSchema | undefined;
      return items !== undefined && !Array.isArray(items.anyOf) && primitive.has(String(items.type));
    }
    return false;
  });
}

function isArrayish(schema: JsonSchema): boolean {
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(union)) return union.some(isArrayish);
  return schema.type === 'array' || (Array.isArray(schema.type) && schema.type.includes('array'));
}

function responses(doc: OperationDoc): JsonSchema {
  const { op } = doc;
  // Lists answer the page itself (`{data, nextCursor}`); everything else wraps the output in `{data}`.
  const body = op.list ? doc.output : { type: 'object', required: ['data'], properties: { data: doc.output } };
  const out: JsonSchema = {
    '200': {
      description: op.list
        ? 'One page: `data` and `nextCursor` (null on the last page).'
        : 'Success: the result in `data`.',
      headers: requestIdHeader,
      content: { 'application/json': { schema: body } },
    },
  };
  for (const [status, codes] of doc.errorsByStatus) {
    // OpenAPI 3.1 lets a reference override its description: the codes of this operation.
    out[String(status)] = {
      $ref: `#/components/responses/${errorResponseName(status)}`,
      description: `${statusText[status] ?? 'Error'}: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
    };
  }
  return out;
}
