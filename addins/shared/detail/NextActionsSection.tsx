import { Body1Strong, Button, Caption1, makeStyles, Spinner, Subtitle2, tokens } from '@fluentui/react-components';
import type { NextBestAction } from '@pivotal-pm/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { can, useApi, useMe } from '../data/api';

const useStyles = makeStyles({
  title: { display: 'block', marginBottom: tokens.spacingVerticalS },
  list: {
    margin: 0,
    padding: 0,
    listStyle: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Action = NextBestAction['actions'][number];

/** The deal's next actions with their reasons (`nextBestAction.get`); each can go on the rep's task list. */
export function NextActionsSection({ opportunityId }: { opportunityId: string }) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const allowed = can(me.data, 'opportunity.read') && (me.data?.flags.includes('ai_assist') ?? false);
  const nba = useQuery({
    queryKey: ['nextBestAction', opportunityId],
    queryFn: () => api.nextBestAction.get({ opportunityId }),
    enabled: allowed,
  });
  const toTask = useMutation({
    mutationFn: (a: Action) =>
      api.task.create({
        type: a.kind === 'call' ? 'call' : a.kind === 'email' ? 'email' : 'followup',
        title: a.title.slice(0, 200),
        notes: a.rationale,
        opportunityId,
        ...(a.contactId ? { contactId: a.contactId } : {}),
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
  if (!allowed) return null;
  return (
    <section aria-label="Next best action">
      <Subtitle2 as="h3" className={styles.title}>
        Next best action
      </Subtitle2>
      {nba.isPending && <Spinner size="tiny" label="Looking at the deal" />}
      {nba.error && <Caption1 role="alert">{nba.error.message}</Caption1>}
      {nba.data && nba.data.actions.length === 0 && (
        <Caption1 className={styles.muted}>Nothing pressing on this deal.</Caption1>
      )}
      <ul className={styles.list}>
        {nba.data?.actions.map((a) => (
          <li key={`${a.kind}:${a.title}`} className={styles.item} data-action={a.kind}>
            <Body1Strong>{a.title}</Body1Strong>
            <Caption1>{a.rationale}</Caption1>
            {can(me.data, 'task.write') && (
              <Button size="small" disabled={toTask.isPending} onClick={() => toTask.mutate(a)}>
                Add to my tasks
              </Button>
            )}
          </li>
        ))}
      </ul>
      {toTask.isSuccess && <Caption1 role="status">Added to your tasks for tomorrow.</Caption1>}
    </section>
  );
}
