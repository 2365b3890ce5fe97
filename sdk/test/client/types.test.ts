/**
 * Type-level tests of the derived client. The assertions are checked by `tsc` (`npm run typecheck`, part of
 * `npm test`): every `@ts-expect-error` below must stay an error. At run time the type-only bodies are never
 * invoked; the runtime checks only assert that the methods the types promise exist.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { PivotalClient } from '../../src/index';
import type {
  AuditLogEntry,
  CallSession,
  ClientMethods,
  Forecast,
  ListCall,
  OperationMethod,
  Opportunity,
  OperationInput,
  OperationOutput,
  Page,
  Pipeline,
} from '../../src/index';
import { fakeFetch, ok } from './fakeFetch';

const id = '0190a6a2-7c3e-7d6b-9f3a-1b2c3d4e5f60';
const client = new PivotalClient({ baseUrl: 'https://api.test', fetch: fakeFetch(ok({})).fetch, maxRetries: 0 });

/** Declares type assertions without running them. */
function typeOnly(_assertions: () => void): void {}

describe('PivotalClient typing', () => {
  it('derives typed nested methods from the registry', () => {
    expect(typeof client.opportunity.moveStage).toBe('function');
    expect(typeof client.pipeline.create).toBe('function');
    typeOnly(() => {
      expectTypeOf(client.opportunity.moveStage).parameter(0).toEqualTypeOf<OperationInput<'opportunity.moveStage'>>();
      expectTypeOf(client.opportunity.moveStage({ id, stage: 'won' })).resolves.toEqualTypeOf<
        OperationOutput<'opportunity.moveStage'>
      >();
      expectTypeOf(client.opportunity.moveStage({ id, stage: 'won' })).resolves.toEqualTypeOf<Opportunity>();
      expectTypeOf(client.pipeline.create({ name: 'P', stageOrder: ['a', 'b'] })).resolves.toEqualTypeOf<Pipeline>();
    });
  });

  it('types the input as z.input: defaults stay optional, wrong fields fail', () => {
    typeOnly(() => {
      // `defaultCurrency`, `slaPolicy`, `clientId`, `projectIds` have defaults, so they may be left out.
      void client.pipeline.create({ name: 'P', stageOrder: ['a', 'b'] });
      // @ts-expect-error `stage` must be a string
      void client.opportunity.moveStage({ id, stage: 3 });
      // @ts-expect-error unknown field `stageKey` (excess property)
      void client.opportunity.moveStage({ id, stageKey: 'won' });
      // @ts-expect-error `stage` is required
      void client.opportunity.moveStage({ id });
      // @ts-expect-error the input is required when it has required fields
      void client.opportunity.moveStage();
    });
  });

  it('rejects unknown methods and domains', () => {
    expect((client as unknown as Record<string, unknown>).spaceship).toBeUndefined();
    typeOnly(() => {
      // @ts-expect-error no such operation
      void client.opportunity.teleport({ id });
      // @ts-expect-error no such domain
      void client.spaceship;
    });
  });

  it('types the call options', () => {
    typeOnly(() => {
      const signal = new AbortController().signal;
      void client.opportunity.moveStage({ id, stage: 'won' }, { idempotencyKey: 'k', timeoutMs: 5, signal });
      // @ts-expect-error unknown option
      void client.opportunity.moveStage({ id, stage: 'won' }, { retries: 3 });
    });
  });

  it('types client.call by operation ID', () => {
    typeOnly(() => {
      expectTypeOf(client.call('opportunity.moveStage', { id, stage: 'won' })).resolves.toEqualTypeOf<Opportunity>();
      // @ts-expect-error wrong input for that ID
      void client.call('opportunity.moveStage', { name: 'x' });
      // @ts-expect-error unknown ID
      void client.call('opportunity.teleport', {});
    });
  });

  it('types every method of the generated tree from its operation ID', () => {
    expectTypeOf<ClientMethods['opportunity']['moveStage']>().toEqualTypeOf<OperationMethod<'opportunity.moveStage'>>();
    expectTypeOf<ClientMethods['opportunity']['forecast']['get']>().toEqualTypeOf<
      OperationMethod<'opportunity.forecast.get'>
    >();
    expectTypeOf<ClientMethods['opportunity']['moveStage']>().toEqualTypeOf<
      PivotalClient['opportunity']['moveStage']
    >();
  });

  it('types nested, list and `call`-domain methods', () => {
    typeOnly(() => {
      expectTypeOf(client.opportunity.list({ pipelineId: id })).toEqualTypeOf<ListCall<Opportunity>>();
      expectTypeOf(client.opportunity.list()).toEqualTypeOf<ListCall<Opportunity>>();
      expectTypeOf(client.audit.log.list({})).toEqualTypeOf<ListCall<AuditLogEntry>>();
      expectTypeOf(client.opportunity.forecast.get({ pipelineId: id })).resolves.toEqualTypeOf<Forecast>();
      expectTypeOf(client.call.start({ contactId: id })).resolves.toEqualTypeOf<CallSession>();
      expectTypeOf(client.call('call.start', { contactId: id })).resolves.toEqualTypeOf<CallSession>();
      expectTypeOf(client.call('opportunity.list', {})).toEqualTypeOf<ListCall<Opportunity>>();
      // @ts-expect-error a list page has no `length`: await it for `{ data, nextCursor }`
      void client.opportunity.list().length;
      // @ts-expect-error wrong field type in a nested operation
      void client.opportunity.forecast.get({ pipelineId: 42 });
    });
  });

  it('gives list calls a ListCall of the items', () => {
    expectTypeOf<ListCall<Opportunity>>().toExtend<PromiseLike<Page<Opportunity>>>();
    expectTypeOf<ListCall<Opportunity>>().toExtend<AsyncIterable<Opportunity>>();
    expectTypeOf<ListCall<Opportunity>['toArray']>().returns.resolves.toEqualTypeOf<Opportunity[]>();
  });
});
