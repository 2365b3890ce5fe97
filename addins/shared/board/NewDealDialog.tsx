import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  tokens,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { isPivotalError, isTerminalStage, type Pipeline } from '@pivotal-pm/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi, useMe, useNames } from '../data/api';
import { stageLabel } from '../data/moves';
import { mayCreate } from '../data/permissions';

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingVerticalM },
  wide: { gridColumn: '1 / -1' },
});

type Draft = { name: string; accountId: string; amount: string; currency: string; closeDate: string; stage: string };

/** The field issues of a refused create (`400 validation_failed`, `422 reference_invalid`), by input path. */
export function fieldIssues(error: unknown): Map<string, string> {
  const issues = isPivotalError(error) ? (error.details as { issues?: unknown } | undefined)?.issues : undefined;
  const out = new Map<string, string>();
  if (!Array.isArray(issues)) return out;
  for (const i of issues as { path?: unknown; message?: unknown }[])
    if (typeof i.path === 'string' && !out.has(i.path)) out.set(i.path, String(i.message));
  return out;
}

const FIELDS: (keyof Draft)[] = ['name', 'accountId', 'amount', 'currency', 'closeDate', 'stage'];

function NewDealDialog({ pipeline, onClose, onCreated }: NewDealProps & { onClose(): void }) {
  const styles = useStyles();
  const api = useApi();
  const qc = useQueryClient();
  const accounts = useNames('account');
  const stages = pipeline.stageOrder.filter((s) => !isTerminalStage(s));
  const [draft, setDraft] = useState<Draft>({
    name: '',
    accountId: '',
    amount: '',
    currency: pipeline.defaultCurrency,
    closeDate: '',
    stage: stages[0] ?? '',
  });
  const create = useMutation({
    mutationFn: () =>
      api.opportunity.create({
        pipelineId: pipeline.id,
        name: draft.name,
        accountId: draft.accountId,
        amount: draft.amount.trim() || '0',
        currency: draft.currency.trim().toUpperCase(),
        closeDate: draft.closeDate || null,
        stage: draft.stage,
      }),
    onSuccess: (created) => {
      void qc.invalidateQueries({ queryKey: ['board', created.pipelineId] });
      void qc.invalidateQueries({ queryKey: ['forecast'] });
      onCreated(created.id);
    },
  });
  const issues = fieldIssues(create.error);
  const unplaced = create.isError && ![...issues.keys()].some((p) => (FIELDS as string[]).includes(p));
  const on = (k: keyof Draft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const field = (k: keyof Draft) =>
    issues.has(k) ? { validationState: 'error' as const, validationMessage: issues.get(k) } : {};
  const accountEntries = [...(accounts.data ?? new Map<string, string>())].sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-label="New deal">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <DialogBody>
            <DialogTitle>New deal in {pipeline.name}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field className={styles.wide} label="Name" required {...field('name')}>
                <Input value={draft.name} onChange={(_, d) => on('name')(d.value)} maxLength={200} autoFocus />
              </Field>
              <Field className={styles.wide} label="Account" required {...field('accountId')}>
                <Dropdown
                  placeholder="Choose the company"
                  value={accounts.data?.get(draft.accountId) ?? ''}
                  selectedOptions={draft.accountId ? [draft.accountId] : []}
                  onOptionSelect={(_, d) => on('accountId')(d.optionValue ?? '')}
                >
                  {accountEntries.map(([id, name]) => (
                    <Option key={id} value={id}>
                      {name}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="Amount" {...field('amount')}>
                <Input value={draft.amount} onChange={(_, d) => on('amount')(d.value)} inputMode="decimal" />
              </Field>
              <Field label="Currency" {...field('currency')}>
                <Input
                  value={draft.currency}
                  onChange={(_, d) => on('currency')(d.value.toUpperCase())}
                  maxLength={3}
                />
              </Field>
              <Field label="Close date" {...field('closeDate')}>
                <Input type="date" value={draft.closeDate} onChange={(_, d) => on('closeDate')(d.value)} />
              </Field>
              <Field label="Stage" {...field('stage')}>
                <Dropdown
                  value={stageLabel(draft.stage)}
                  selectedOptions={[draft.stage]}
                  onOptionSelect={(_, d) => on('stage')(d.optionValue ?? draft.stage)}
                >
                  {stages.map((s) => (
                    <Option key={s} value={s}>
                      {stageLabel(s)}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              {unplaced && (
                <MessageBar className={styles.wide} intent="error">
                  <MessageBarBody>
                    Not created:{' '}
                    {isPivotalError(create.error) ? create.error.message : 'the server could not be reached'}
                  </MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                Cancel
              </Button>
              <Button
                appearance="primary"
                type="submit"
                disabled={!draft.name.trim() || !draft.accountId || create.isPending}
              >
                Create deal
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

type NewDealProps = { pipeline: Pipeline; onCreated(id: string): void };

/** "New deal", for roles that may create opportunities in an active pipeline; opens the create dialog. */
export function NewDealButton({ pipeline, onCreated }: NewDealProps) {
  const me = useMe();
  const [open, setOpen] = useState(false);
  if (!mayCreate(me.data) || !pipeline.active) return null;
  return (
    <>
      <Button appearance="primary" icon={<AddRegular />} onClick={() => setOpen(true)}>
        New deal
      </Button>
      {open && (
        <NewDealDialog
          pipeline={pipeline}
          onClose={() => setOpen(false)}
          onCreated={(id) => {
            setOpen(false);
            onCreated(id);
          }}
        />
      )}
    </>
  );
}
