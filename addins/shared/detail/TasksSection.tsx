import { Button, Checkbox, Field, Input, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../data/api';
import { unfinishedTasks } from '../data/cardDetails';
import { formatDate } from '../data/format';

const useStyles = makeStyles({
  title: { display: 'block', marginBottom: tokens.spacingVerticalS },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Open tasks of an opportunity: complete them, or add one (when the role allows). */
export function TasksSection({ opportunityId, editable }: { opportunityId: string; editable: boolean }) {
  const styles = useStyles();
  const api = useApi();
  const qc = useQueryClient();
  const key = ['opportunity', opportunityId, 'tasks'];
  const tasks = useQuery({
    queryKey: key,
    // Every unfinished task, the late ones too (`status: open` alone leaves out those past their due time).
    queryFn: () => unfinishedTasks(api, [opportunityId]),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ['opportunity', opportunityId] });
  const complete = useMutation({
    mutationFn: (t: { id: string; version: number }) => api.task.complete({ id: t.id, expectedVersion: t.version }),
    onSettled: refresh,
  });
  const [title, setTitle] = useState('');
  const [due, setDue] = useState(() => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
  const create = useMutation({
    mutationFn: () =>
      api.task.create({
        type: 'todo',
        title: title.trim(),
        opportunityId,
        dueAt: new Date(`${due}T09:00:00Z`).toISOString(),
        priority: 'normal',
      }),
    onSuccess: () => setTitle(''),
    onSettled: refresh,
  });
  return (
    <section aria-label="Open tasks">
      <Subtitle2 as="h3" className={styles.title}>
        Open tasks
      </Subtitle2>
      {tasks.data?.length === 0 && <Text className={styles.muted}>No open tasks.</Text>}
      <ul className={styles.list}>
        {tasks.data?.map((t) => (
          <li key={t.id}>
            <Checkbox
              label={`${t.title} (due ${formatDate(t.dueAt)}${t.status === 'overdue' ? ', overdue' : ''})`}
              checked={false}
              disabled={!editable || complete.isPending}
              onChange={() => complete.mutate({ id: t.id, version: t.version })}
            />
          </li>
        ))}
      </ul>
      {editable && (
        <form
          className={styles.form}
          onSubmit={(e) => {
            e.preventDefault();
            if (title.trim()) create.mutate();
          }}
        >
          <Field label="New task">
            <Input value={title} onChange={(_, d) => setTitle(d.value)} placeholder="Call back about pricing" />
          </Field>
          <Field label="Due">
            <Input type="date" value={due} onChange={(_, d) => setDue(d.value)} />
          </Field>
          <Button type="submit" appearance="primary" disabled={!title.trim() || create.isPending}>
            Add task
          </Button>
        </form>
      )}
    </section>
  );
}
