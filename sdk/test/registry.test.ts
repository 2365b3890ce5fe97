import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  EventEnvelope,
  errorStatus,
  eventNames,
  eventPayloads,
  featureFlags,
  getOperation,
  innerPermissions,
  operationIds,
  operations,
  permissions,
  roleMatrix,
  SequenceStep,
  type OperationSpec,
} from '../src/index';

/** The 59 operation IDs of the Pivotal spec v1.0 ("Operation IDs"), verbatim. */
const specIds = [
  'pipeline.create',
  'pipeline.update',
  'pipeline.list',
  'pipeline.get',
  'pipeline.archive',
  'opportunity.create',
  'opportunity.update',
  'opportunity.list',
  'opportunity.get',
  'opportunity.moveStage',
  'opportunity.win',
  'opportunity.lose',
  'opportunity.forecast.get',
  'mailbox.connectO365',
  'mailbox.disconnect',
  'mailbox.status.get',
  'mail.sync.start',
  'mail.sync.resume',
  'mail.search',
  'mail.messages.list',
  'mail.message.get',
  'mail.message.send',
  'mail.thread.reply',
  'mail.message.move',
  'mail.message.flag',
  'mail.message.readState',
  'call.start',
  'call.end',
  'call.disposition',
  'call.recording.attach',
  'call.transcript.attach',
  'meeting.create',
  'meeting.log',
  'engagement.log',
  'engagement.list',
  'task.create',
  'task.update',
  'task.complete',
  'task.list',
  'timeline.get',
  'sequence.create',
  'sequence.update',
  'sequence.list',
  'sequence.get',
  'sequence.archive',
  'sequence.enroll',
  'sequence.pause',
  'sequence.resume',
  'sequence.unsubscribe',
  'sequence.run.nextAction',
  'sequence.metrics.get',
  'pipeline.metrics.get',
  'opportunity.metrics.get',
  'rep.performance.get',
  'score.compute',
  'score.config.update',
  'rbac.policy.update',
  'compliance.settings.update',
  'audit.log.list',
] as const;

const all = Object.entries(operations) as [string, OperationSpec][];

/** The shape of an object schema (refinements keep it in zod 4), or undefined. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : undefined;
}

describe('operation registry', () => {
  it('prints the operation count', () => {
    console.log(
      `registry: ${all.length} operations (${all.filter(([, op]) => op.source === 'spec').length} from the spec)`,
    );
    expect(all.length).toBe(operationIds.length);
  });

  it('registers all 59 spec IDs with source "spec", and nothing else as spec', () => {
    expect(new Set(specIds).size).toBe(59);
    for (const id of specIds) {
      expect(getOperation(id), id).toBeDefined();
      expect(getOperation(id)?.source, id).toBe('spec');
    }
    const specced = all.filter(([, op]) => op.source === 'spec').map(([id]) => id);
    expect(specced.sort()).toEqual([...specIds].sort());
  });

  it('keys every operation by its own id', () => {
    for (const [key, op] of all) expect(op.id, key).toBe(key);
  });

  it('gives every operation a summary, a kind and an object input', () => {
    for (const [id, op] of all) {
      expect(op.summary.length, id).toBeGreaterThan(10);
      expect(['query', 'mutation'], id).toContain(op.kind);
      expect(shapeOf(op.input), id).toBeDefined();
    }
  });

  it('pages every list operation: output { data, nextCursor }, input with cursor and limit', () => {
    const lists = all.filter(([, op]) => op.list === true);
    expect(lists.length).toBeGreaterThan(20);
    for (const [id, op] of lists) {
      expect(Object.keys(shapeOf(op.output) ?? {}).sort(), id).toEqual(['data', 'nextCursor']);
      expect(Object.keys(shapeOf(op.input) ?? {}), id).toEqual(expect.arrayContaining(['cursor', 'limit']));
    }
  });

  it('only names known permissions, events, error codes and flags', () => {
    for (const [id, op] of all) {
      expect(permissions, id).toContain(op.permission);
      for (const e of op.emits) expect(eventNames, `${id} emits ${e}`).toContain(e);
      for (const code of op.errors) expect(Object.keys(errorStatus), `${id} error ${code}`).toContain(code);
      if (op.flag !== undefined) expect(featureFlags, id).toContain(op.flag);
    }
  });

  it('checks the inner permissions (ownership.override) inside operations only; admins and managers hold them', () => {
    for (const permission of Object.keys(innerPermissions)) {
      expect(permissions).toContain(permission);
      expect(
        all.filter(([, op]) => op.permission === permission).map(([id]) => id),
        permission,
      ).toEqual([]);
    }
    expect(roleMatrix.admin).toContain('ownership.override');
    expect(roleMatrix.salesManager).toContain('ownership.override');
    expect(roleMatrix.salesRep).not.toContain('ownership.override');
  });
});

describe('events', () => {
  it('has a payload schema for every event name', () => {
    for (const name of eventNames) expect(eventPayloads[name], name).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(eventPayloads).sort()).toEqual([...eventNames].sort());
  });

  it('parses an envelope and rejects data of another event', () => {
    const ids = { a: '0190a0b0-0000-7000-8000-000000000001', b: '0190a0b0-0000-7000-8000-000000000002' };
    const envelope = {
      id: ids.a,
      cursor: '000001',
      name: 'task.completed',
      tenantId: ids.b,
      occurredAt: '2026-03-01T09:00:00.000Z',
      actor: `user:${ids.a}`,
      clientId: null,
      data: {
        taskId: ids.a,
        type: 'call',
        ownerId: ids.b,
        opportunityId: null,
        contactId: null,
        completedAt: '2026-03-01T09:00:00Z',
      },
    };
    expect(EventEnvelope.safeParse(envelope).success).toBe(true);
    expect(EventEnvelope.safeParse({ ...envelope, name: 'task.created' }).success).toBe(false);
  });
});

describe('contract details', () => {
  it("accepts the spec's sequence step example", () => {
    const step = {
      type: 'email',
      mode: 'manual',
      templateId: 'tpl_ai_exec',
      wait: 'P2D',
      fallback: { type: 'task', taskType: 'call', dueIn: 'P1D' },
      branch: [
        { when: 'replied', do: [{ type: 'stop' }] },
        { when: 'no_open_48h', do: [{ type: 'email', mode: 'auto', templateId: 'tpl_nudge' }] },
      ],
    };
    expect(SequenceStep.safeParse(step).success).toBe(true);
    expect(SequenceStep.safeParse({ ...step, branch: [{ when: 'later', do: [] }] }).success).toBe(false);
  });

  it('refines inputs that need exactly one of several fields', () => {
    const id = '0190a0b0-0000-7000-8000-000000000001';
    const timeline = operations['timeline.get'].input;
    expect(timeline.safeParse({ opportunityId: id }).success).toBe(true);
    expect(timeline.safeParse({ opportunityId: id, contactId: id }).success).toBe(false);
    const embed = operations['auth.embedToken.create'].input;
    expect(embed.parse({ clientId: id })).toEqual({ clientId: id, ttlSeconds: 900 });
    expect(embed.safeParse({}).success).toBe(false);
    expect(embed.safeParse({ userId: id, ttlSeconds: 7200 }).success).toBe(false);
  });

  it('requires a reason to win or lose, and https webhooks (http only on localhost)', () => {
    const id = '0190a0b0-0000-7000-8000-000000000001';
    expect(operations['opportunity.win'].input.safeParse({ id }).success).toBe(false);
    expect(operations['opportunity.lose'].input.safeParse({ id, reason: 'budget' }).success).toBe(true);
    const hook = operations['webhook.create'].input;
    expect(hook.safeParse({ url: 'https://example.com/h', events: ['task.created'] }).success).toBe(true);
    expect(hook.safeParse({ url: 'http://127.0.0.1:9000/h', events: ['task.created'] }).success).toBe(true);
    expect(hook.safeParse({ url: 'http://example.com/h', events: ['task.created'] }).success).toBe(false);
    expect(hook.safeParse({ url: 'https://example.com/h', events: [] }).success).toBe(false);
  });
});
