import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PermissionError,
  PivotalError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnprocessableError,
  ValidationError,
  isPivotalError,
} from '../../src/index';
import { fail, ids, makeClient, networkDown } from './fakeFetch';

const input = { id: ids.opp, stage: 'proposal' };

describe('PivotalClient error mapping', () => {
  const cases = [
    [400, 'validation_failed', ValidationError],
    [401, 'unauthenticated', AuthenticationError],
    [403, 'forbidden', PermissionError],
    [404, 'not_found', NotFoundError],
    [409, 'version_conflict', ConflictError],
    [422, 'reference_invalid', UnprocessableError],
    [429, 'rate_limited', RateLimitError],
    [500, 'internal', ServerError],
    [501, 'not_implemented', ServerError],
    [503, 'unavailable', ServerError],
  ] as const;

  it.each(cases)('maps %i %s to its class with every field', async (status, code, cls) => {
    const details = [{ path: 'stage', message: 'unknown stage', code: 'custom' }];
    const { client } = makeClient([fail(status, code, { details })], { maxRetries: 0 });
    const error = await client.opportunity.moveStage(input).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(PivotalError);
    expect(error).toBeInstanceOf(Error);
    expect(isPivotalError(error)).toBe(true);
    expect(error).toMatchObject({
      name: cls.name,
      status,
      code,
      message: `${code} happened`,
      requestId: `req-${status}`,
      details,
    });
  });

  it('gives RateLimitError the Retry-After hint in milliseconds', async () => {
    const { client } = makeClient([fail(429, 'rate_limited', {}, { 'retry-after': '7' })], { maxRetries: 0 });
    const error = await client.opportunity.moveStage(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
  });

  it('falls back to the x-request-id header and an http_<status> code without an error body', async () => {
    const { client } = makeClient(
      [() => new Response('<html>bad gateway</html>', { status: 404, headers: { 'x-request-id': 'from-header' } })],
      { maxRetries: 0 },
    );
    const error = await client.opportunity.moveStage(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'http_404', requestId: 'from-header' });
  });

  it('maps an unlisted status to the base PivotalError', async () => {
    const { client } = makeClient([fail(405, 'method_not_allowed')], { maxRetries: 0 });
    const error = await client.opportunity.moveStage(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PivotalError);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 405, code: 'method_not_allowed' });
  });

  it('raises ConnectionError (status 0) when fetch fails, keeping the cause', async () => {
    const { client } = makeClient([networkDown()], { maxRetries: 0 });
    const error = await client.opportunity.moveStage(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ status: 0, code: 'connection_error', requestId: null, name: 'ConnectionError' });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('rejects a 2xx response that is not JSON', async () => {
    const { client } = makeClient([() => new Response('not json', { status: 200 })], { maxRetries: 0 });
    const error = await client.opportunity.moveStage(input).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
  });

  it('isPivotalError rejects other values and accepts errors of another SDK copy (brand)', () => {
    expect(isPivotalError(new Error('x'))).toBe(false);
    expect(isPivotalError(null)).toBe(false);
    expect(isPivotalError({ status: 404 })).toBe(false);
    const foreign = Object.create(Error.prototype) as Record<symbol, unknown>;
    foreign[Symbol.for('@pivotal-pm/sdk/PivotalError')] = true;
    expect(isPivotalError(foreign)).toBe(true);
  });
});
