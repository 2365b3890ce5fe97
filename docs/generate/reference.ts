import { innerPermissions, permissions, roleMatrix, roles, type EventName } from '@pivotal-pm/sdk';
import type { z } from 'zod';
import { buildCatalog, pendingNote, type Catalog, type OperationDoc } from './catalog';
import { refName, SchemaStore, typeLabel, type JsonSchema } from './jsonSchema';
import { code, fieldRows, fieldTable, generatedBanner, linkTypes, table, type TypeLinker } from './markdown';

/** The events the reference documents: the canonical names and the payload schema of each. */
export type EventDocs = { names: readonly EventName[]; payloads: Readonly<Record<string, z.ZodType>> };

const pendingCount = (catalog: Catalog): number => catalog.docs.filter((d) => d.pending).length;

const link = (id: string, page = ''): string => `[\`${id}\`](${page}#${id})`;

/** Links names of the shared components to their entry in types.md (`page` '' inside types.md). */
function typeLinker(catalog: Catalog, page: string): TypeLinker {
  return (name) => (catalog.store.defs.has(name) ? `[${name}](${page}#${name})` : null);
}

/** `Opportunity` when the schema is a reference to a shared component. */
function componentName(schema: JsonSchema): string | null {
  return typeof schema.$ref === 'string' ? refName(schema.$ref) : null;
}

/** docs/reference/operations.md: a contents by domain, then every operation with its contract. */
export function renderOperations(catalog: Catalog = buildCatalog(), events?: EventDocs): string {
  const out: string[] = [
    generatedBanner,
    '',
    '# Operation reference',
    '',
    `${catalog.docs.length} operations in ${catalog.domains.length} domains. Every operation is ` +
      '`POST /v1/<operationId>` with a JSON body and a bearer token; queries also answer `GET` with query ' +
      'parameters. Success answers `200 {data}` (lists: `{data, nextCursor}`), errors ' +
      '`{error: {code, message, requestId, details?}}`. In the SDK, `opportunity.moveStage` is ' +
      '`client.opportunity.moveStage(input)`. See also [shared types](types.md), [roles](roles.md)' +
      (events ? ' and [events](events.md).' : '.'),
    '',
    `${pendingCount(catalog)} of them are marked **pending**: declared in the contract (and the SDK) but not ` +
      'implemented yet, they answer `501 not_implemented` after validating the input (the SDK lists them in ' +
      '`pendingOperationIds`).',
    '',
    '## Contents',
    '',
  ];
  for (const domain of catalog.domains) {
    const ids = catalog.docs
      .filter((d) => d.domain === domain)
      .map((d) => link(d.op.id) + (d.pending ? ' (pending)' : ''));
    out.push(`- **[${domain}](#domain-${domain})**: ${ids.join(', ')}`);
  }
  for (const domain of catalog.domains) {
    out.push('', `<a id="domain-${domain}"></a>`, '', `## ${domain}`);
    for (const doc of catalog.docs.filter((d) => d.domain === domain))
      out.push('', ...operationSection(doc, catalog, events));
  }
  return `${out.join('\n')}\n`;
}

function operationSection(doc: OperationDoc, catalog: Catalog, events: EventDocs | undefined): string[] {
  const { op } = doc;
  const http = op.kind === 'query' ? `\`POST /v1/${op.id}\`, \`GET /v1/${op.id}?...\`` : `\`POST /v1/${op.id}\``;
  const emits = op.emits.length ? op.emits.map((e) => (events ? link(e, 'events.md') : code(e))).join(', ') : 'none';
  const errors = doc.errorsByStatus.map(([status, codes]) => `${status}: ${codes.map(code).join(', ')}`).join('; ');
  const rows = [
    ['Kind', op.kind + (op.list ? ' (list: `{data, nextCursor}`, keyset cursor)' : '')],
    ['HTTP', http],
    ['Permission', `[\`${op.permission}\`](roles.md#${op.permission})`],
    ['Roles', doc.roles.join(', ')],
    ['Feature flag', op.flag ? code(op.flag) : 'none'],
    ['Emits', emits],
    ['Errors', errors],
    ['Idempotency', op.kind === 'mutation' ? 'accepts `Idempotency-Key`' : 'n/a (query)'],
  ];
  const output = op.list ? pageItem(doc.output) : doc.output;
  const outputRows = fieldRows(output, catalog.store);
  const linker = typeLinker(catalog, 'types.md');
  const outputName = componentName(output);
  const outputType = outputName ? `: ${linkTypes(outputName, linker)}` : '';
  return [
    `<a id="${op.id}"></a>`,
    '',
    `### ${op.id}`,
    '',
    ...(doc.pending ? [`**Pending.** ${pendingNote}`, ''] : []),
    op.summary,
    '',
    table(['', ''], rows),
    '',
    '**Input**',
    '',
    fieldTable(fieldRows(doc.input, catalog.store), 'No fields: send `{}`.', linker),
    '',
    op.list ? `**Output**: a page; each item of \`data\`${outputType}` : `**Output** (\`data\`)${outputType}`,
    '',
    fieldTable(outputRows, `Type: ${linkTypes(typeLabel(output), linker)}.`, linker),
  ];
}

/** The item schema of a page schema `{ data: T[], nextCursor }`. */
function pageItem(page: JsonSchema): JsonSchema {
  const data = (page.properties as Record<string, JsonSchema> | undefined)?.data;
  return (data?.items as JsonSchema | undefined) ?? {};
}

/** docs/reference/roles.md: the role x permission matrix, then which operations need each permission. */
export function renderRoles(catalog: Catalog = buildCatalog()): string {
  const header = ['Permission', ...roles.map((r) => code(r)), 'Operations'];
  const rows = permissions.map((permission) => {
    const count = catalog.docs.filter((d) => d.op.permission === permission).length;
    const held = roles.map((role) => (permission === 'self' || roleMatrix[role].includes(permission) ? 'yes' : ''));
    return [`<a id="${permission}"></a>${code(permission)}`, ...held, String(count)];
  });
  const out = [
    generatedBanner,
    '',
    '# Roles and permissions',
    '',
    'The default role matrix (`roleMatrix` in the SDK). Every operation requires one permission; `self` is held ' +
      'by every authenticated caller. Client roles (`clientViewer`, `clientApprover`) are also confined to the ' +
      'clients they are assigned to. See the [operation reference](operations.md).',
    '',
    table(header, rows),
    '',
    '## Permissions checked inside operations',
    '',
    'No operation requires these; operations check them on the way, and `rbac.policy.update` moves them like the others.',
    '',
    ...Object.entries(innerPermissions).map(
      ([permission, allows]) => `- [${code(permission)}](#${permission}): ${allows}`,
    ),
    '',
    '## Operations by permission',
  ];
  for (const permission of permissions) {
    const ids = catalog.docs.filter((d) => d.op.permission === permission).map((d) => link(d.op.id, 'operations.md'));
    if (ids.length > 0) out.push('', `- ${code(permission)}: ${ids.join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

/** docs/reference/events.md: every canonical event, its payload fields and the operations that emit it. */
export function renderEvents(events: EventDocs, catalog: Catalog = buildCatalog()): string {
  const out = [
    generatedBanner,
    '',
    '# Events',
    '',
    'Canonical events, written to the outbox in the transaction of the change and delivered to webhooks and ' +
      '`event.list` in an envelope `{id, cursor, tenantId, occurredAt, actor, clientId, name, data}`. ' +
      'Below: the `data` of each.',
    '',
    '## Contents',
    '',
    ...events.names.map((name) => `- ${link(name)}`),
  ];
  // A store of its own: converting payloads must not add definitions to the OpenAPI document's store.
  const store = new SchemaStore();
  for (const name of events.names) {
    const payload = events.payloads[name];
    const emitters = catalog.docs.filter((d) => d.op.emits.includes(name)).map((d) => link(d.op.id, 'operations.md'));
    out.push('', `<a id="${name}"></a>`, '', `## ${name}`, '');
    out.push(`Emitted by: ${emitters.length ? emitters.join(', ') : 'background jobs and integrations only'}.`, '');
    out.push(
      payload
        ? fieldTable(fieldRows(store.convert(payload, 'output', `event.${name}`), store), 'No fields.')
        : 'No payload schema.',
    );
  }
  return `${out.join('\n')}\n`;
}

/** `One of: A, B.`, or for unions of inline objects, the values of their discriminator. */
function unionSummary(options: JsonSchema[], linker: TypeLinker): string {
  const props = options.map((o) => (o.properties ?? {}) as Record<string, JsonSchema>);
  const discriminator = Object.keys(props[0] ?? {}).find((key) => props.every((p) => p[key] && 'const' in p[key]));
  if (discriminator && options.every((o) => typeof o.$ref !== 'string')) {
    const values = props.map((p) => code(JSON.stringify(p[discriminator]?.const)));
    return `One of ${options.length} objects, told apart by \`${discriminator}\`: ${values.join(', ')}.`;
  }
  return `One of: ${options.map((o) => linkTypes(typeLabel(o), linker)).join(', ')}.`;
}

/** docs/reference/types.md: the shared components (the SDK's DTOs and their parts), with their fields. */
export function renderTypes(catalog: Catalog = buildCatalog()): string {
  const defs = catalog.store.sorted();
  const linker = typeLinker(catalog, '');
  const out = [
    generatedBanner,
    '',
    '# Shared types',
    '',
    'Schemas used by several operations, named after their export in the SDK (`Opportunity` is ' +
      "`import { Opportunity } from '@pivotal-pm/sdk'`, a zod schema; its TypeScript type has the same name). " +
      'An `Input` suffix marks the shape a caller sends (defaults still optional). In `openapi.json` they are ' +
      '`#/components/schemas/<name>`. See the [operation reference](operations.md).',
    '',
    '## Contents',
    '',
    Object.keys(defs)
      .map((name) => `[\`${name}\`](#${name})`)
      .join(', '),
  ];
  for (const [name, schema] of Object.entries(defs)) {
    const union = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
    out.push('', `<a id="${name}"></a>`, '', `## ${name}`, '');
    if (Array.isArray(union)) out.push(unionSummary(union, linker));
    else
      out.push(fieldTable(fieldRows(schema, catalog.store), `Type: ${linkTypes(typeLabel(schema), linker)}.`, linker));
  }
  return `${out.join('\n')}\n`;
}
