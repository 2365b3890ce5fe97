import { eventNames, eventPayloads } from '@pivotal-pm/sdk';
import { buildCatalog } from './catalog';
import { buildOpenApi } from './openapi';
import { renderEvents, renderOperations, renderRoles, renderTypes, type EventDocs } from './reference';

/**
 * Every generated file, by path relative to docs/, with its exact content. Pure and deterministic (stable key
 * order, no timestamps, trailing newline), so that a test can compare it with the checked-in copies.
 */
export function generatedFiles(): Map<string, string> {
  const catalog = buildCatalog();
  const events: EventDocs = { names: eventNames, payloads: eventPayloads };
  const openapi = buildOpenApi(catalog);
  return new Map([
    ['openapi.json', `${JSON.stringify(openapi, null, 2)}\n`],
    ['reference/operations.md', renderOperations(catalog, events)],
    ['reference/types.md', renderTypes(catalog)],
    ['reference/roles.md', renderRoles(catalog)],
    ['reference/events.md', renderEvents(events, catalog)],
  ]);
}
