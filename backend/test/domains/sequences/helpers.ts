import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import type { SequenceMailer, SequenceWebhookCall } from '#domains/sequences/ports';

export { auditOf, eventsOf, expectCall, expectValidation } from '../pipelines/helpers';

/** Monday to Friday 09:00-17:00, no quiet hours, in `timezone`. */
export function weekdays(timezone = 'Europe/London') {
  return {
    timezone,
    businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
    quietHours: [],
  };
}

/** An active email template of a tenant (owner connection). */
export async function createTemplate(
  db: Knex,
  tenantId: string,
  name = `tpl_${Math.random().toString(36).slice(2, 8)}`,
): Promise<{ id: string; name: string }> {
  const id = uuidv7();
  await db('templates').insert({
    tenantId,
    id,
    name,
    subject: `Hello {{firstName}} (${name})`,
    body: '<p>Hi {{firstName}}</p>',
  });
  return { id, name };
}

/** A sequence body for sequence.create: email, wait, call task. */
export function sequenceBody(templateId: string, extra: Record<string, unknown> = {}) {
  return {
    name: 'Outbound Q4',
    goal: 'reply',
    steps: [
      {
        type: 'email',
        mode: 'auto',
        templateId,
        wait: 'P2D',
        branch: [{ when: 'no_open_48h', do: [{ type: 'email', mode: 'auto', templateId }] }],
      },
      { type: 'call', dueIn: 'P1D' },
      { type: 'stop' },
    ],
    sendWindow: weekdays(),
    ...extra,
  };
}

/** Row counts of the tables the sequences domain writes, for one tenant. */
export async function sequenceCounts(db: Knex, tenantId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'sequences',
    'sequence_versions',
    'sequence_enrollments',
    'suppressions',
    'sequence_sends',
    'sequence_approvals',
    'tasks',
    'events',
    'audit_log',
  ]) {
    const [row] = (await db(table).where({ tenantId }).count('* as count')) as { count: string }[];
    out[table] = Number(row?.count ?? 0);
  }
  return out;
}

/** A send window open every hour of the week (only the guardrails under test restrict). */
export function always(timezone = 'UTC') {
  return { timezone, businessHours: [], quietHours: [] };
}

/** Recorded webhook calls, failing while `failing` is set. */
export function recordingWebhooks() {
  const calls: SequenceWebhookCall[] = [];
  const hooks = {
    calls,
    failing: false,
    async call(request: SequenceWebhookCall) {
      calls.push(request);
      if (hooks.failing) throw new Error('webhook down');
    },
  };
  return hooks;
}

/** Runs one runner pass for a tenant at a fixed time. */
export async function runAt(
  db: Knex,
  tenantId: string,
  at: Date | string,
  deps: { mailer: SequenceMailer; webhooks?: ReturnType<typeof recordingWebhooks> },
) {
  const { runDueSteps } = await import('#domains/sequences/runner/run');
  const now = new Date(at);
  return runDueSteps(db, {
    mailer: deps.mailer,
    webhooks: deps.webhooks ?? recordingWebhooks(),
    publicUrl: 'https://pivotal.test',
    now: () => now,
    tenantIds: [tenantId],
  });
}
