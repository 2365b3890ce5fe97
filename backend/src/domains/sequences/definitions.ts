import type { SendWindow, SequenceStep } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { invalidInputs } from '#http/errors';
import { checkOutboundUrl } from '#security/outboundUrl';
import { pickTemplate, templateCandidates } from '#domains/mail/templates';
import type { DefinitionRow, SequenceRow } from './rows';
import { allowedSegments } from './policy/windows';

type Issue = { path: string; message: string; code: string };

/** Every `templateId` of a step tree with its field path (`steps.2.branch.0.do.1.templateId`). */
export function templateRefs(steps: readonly SequenceStep[], prefix = 'steps'): { path: string; templateId: string }[] {
  return steps.flatMap((step, i) => {
    const at = `${prefix}.${i}`;
    if (step.type === 'email') {
      return [
        { path: `${at}.templateId`, templateId: step.templateId },
        ...(step.fallback
          ? templateRefs([step.fallback], `${at}.fallback`).map((r) => ({
              ...r,
              path: r.path.replace(`${at}.fallback.0`, `${at}.fallback`),
            }))
          : []),
        ...(step.branch ?? []).flatMap((rule, j) => templateRefs(rule.do, `${at}.branch.${j}.do`)),
      ];
    }
    if (step.type === 'branch')
      return [...templateRefs(step.do, `${at}.do`), ...templateRefs(step.else ?? [], `${at}.else`)];
    return [];
  });
}

/** Every webhook step's `url` of a step tree with its field path (`steps.3.do.0.url`), fallbacks and branches included. */
export function webhookRefs(steps: readonly SequenceStep[], prefix = 'steps'): { path: string; url: string }[] {
  const within = (step: SequenceStep, at: string): { path: string; url: string }[] => {
    if (step.type === 'webhook') return [{ path: `${at}.url`, url: step.url }];
    if (step.type === 'branch')
      return [...webhookRefs(step.do, `${at}.do`), ...webhookRefs(step.else ?? [], `${at}.else`)];
    if (step.type !== 'email') return [];
    return [
      ...(step.fallback ? within(step.fallback, `${at}.fallback`) : []),
      ...(step.branch ?? []).flatMap((rule, j) => webhookRefs(rule.do, `${at}.branch.${j}.do`)),
    ];
  };
  return steps.flatMap((step, i) => within(step, `${prefix}.${i}`));
}

/**
 * Checks what the schema cannot: every template is active in the tenant (by id or key; a name still works for
 * older definitions) and one the sequence may use (`visible`, by the template's client), every webhook step calls a
 * public https address (`security/outboundUrl.ts`), and the send window leaves some time open in the week. Throws
 * 400 validation_failed naming each bad field.
 */
export async function assertDefinition(
  trx: Knex.Transaction,
  tenantId: string,
  steps: readonly SequenceStep[] | undefined,
  sendWindow: SendWindow | undefined,
  visible: (templateClientId: string | null) => boolean,
): Promise<void> {
  const issues: Issue[] = [];
  if (steps) {
    const refs = templateRefs(steps);
    const found = await templateCandidates(
      trx,
      tenantId,
      refs.map((r) => r.templateId),
    );
    for (const ref of refs) {
      if (!pickTemplate(found, ref.templateId, visible))
        issues.push({ path: ref.path, message: `no active template ${ref.templateId}`, code: 'unknown_template' });
    }
    const hooks = webhookRefs(steps);
    const refusals = await Promise.all(hooks.map((ref) => checkOutboundUrl(ref.url)));
    for (const [i, refused] of refusals.entries())
      if (refused)
        issues.push({ path: hooks[i]!.path, message: `the webhook URL ${refused}`, code: 'forbidden_target' });
  }
  if (sendWindow && [1, 2, 3, 4, 5, 6, 7].every((day) => allowedSegments(sendWindow, day).length === 0)) {
    issues.push({
      path: 'sendWindow.businessHours',
      message: 'no time of the week is open: business hours are empty or all quiet',
      code: 'empty_window',
    });
  }
  if (issues.length > 0) throw invalidInputs(issues);
}

/** Stores the sequence's current definition as an immutable version row. */
export async function saveDefinition(trx: Knex.Transaction, row: SequenceRow): Promise<void> {
  await trx('sequenceVersions').insert({
    tenantId: row.tenantId,
    sequenceId: row.id,
    version: row.definitionVersion,
    steps: JSON.stringify(row.steps),
    sendWindow: JSON.stringify(row.sendWindow),
    cooldowns: JSON.stringify(row.cooldowns),
    guardrails: JSON.stringify(row.guardrails),
    stopRules: JSON.stringify(row.stopRules),
  });
}

/** The definition version an enrollment runs. */
export async function loadDefinition(
  trx: Knex | Knex.Transaction,
  tenantId: string,
  sequenceId: string,
  version: number,
): Promise<DefinitionRow> {
  const row = (await trx('sequenceVersions').where({ tenantId, sequenceId, version }).first()) as
    DefinitionRow | undefined;
  if (!row) throw new Error(`sequence ${sequenceId} has no version ${version}`);
  return row;
}
