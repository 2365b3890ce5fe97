import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Spinner,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { PivotalError, type Opportunity } from '@pivotal-pm/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { can, useApi, useMe } from '../data/api';
import { patchBoards } from '../data/board';
import { stageLabel } from '../data/moves';
import { TasksSection } from './TasksSection';
import { TimelineSection } from './TimelineSection';

const useStyles = makeStyles({
  title: { display: 'block', marginBottom: tokens.spacingVerticalS },
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXL,
    paddingBottom: tokens.spacingVerticalXXL,
  },
  fields: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingVerticalS },
  wide: { gridColumn: '1 / -1' },
  later: { color: tokens.colorNeutralForeground3 },
});

type Draft = { name: string; amount: string; closeDate: string; probability: string; tags: string };
const draftOf = (o: Opportunity): Draft => ({
  name: o.name,
  amount: o.amount,
  closeDate: o.closeDate ?? '',
  probability: String(Math.round(o.probability * 100)),
  tags: o.tags.join(', '),
});

function FieldsForm({ opp, editable }: { opp: Opportunity; editable: boolean }) {
  const styles = useStyles();
  const api = useApi();
  const qc = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(opp));
  useEffect(() => setDraft(draftOf(opp)), [opp]);
  const save = useMutation({
    mutationFn: () =>
      api.opportunity.update({
        id: opp.id,
        expectedVersion: opp.version,
        name: draft.name.trim(),
        amount: draft.amount,
        closeDate: draft.closeDate || null,
        probability: Number(draft.probability) / 100,
        tags: draft.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      }),
    onSuccess: (saved) => {
      qc.setQueryData(['opportunity', opp.id], saved);
      patchBoards(qc, saved);
      void qc.invalidateQueries({ queryKey: ['forecast'] });
    },
  });
  const readOnly = !editable || opp.status !== 'open';
  const set = (k: keyof Draft) => (_: unknown, d: { value: string }) => setDraft({ ...draft, [k]: d.value });
  return (
    <form
      className={styles.fields}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label="Opportunity fields"
    >
      <Field className={styles.wide} label="Name">
        <Input value={draft.name} onChange={set('name')} readOnly={readOnly} />
      </Field>
      <Field label={`Amount (${opp.currency})`}>
        <Input value={draft.amount} onChange={set('amount')} readOnly={readOnly} inputMode="decimal" />
      </Field>
      <Field label="Close date">
        <Input type="date" value={draft.closeDate} onChange={set('closeDate')} readOnly={readOnly} />
      </Field>
      <Field label="Probability (%)">
        <Input
          type="number"
          min={0}
          max={100}
          value={draft.probability}
          onChange={set('probability')}
          readOnly={readOnly}
        />
      </Field>
      <Field label="Stage">
        <Input value={`${stageLabel(opp.stage)} (${opp.status})`} readOnly />
      </Field>
      <Field className={styles.wide} label="Tags">
        <Input value={draft.tags} onChange={set('tags')} readOnly={readOnly} />
      </Field>
      {save.isError && (
        <MessageBar className={styles.wide} intent="error">
          <MessageBarBody>
            Not saved: {save.error instanceof PivotalError ? save.error.message : 'the server could not be reached'}
          </MessageBarBody>
        </MessageBar>
      )}
      {!readOnly && (
        <div>
          <Button type="submit" appearance="primary" disabled={save.isPending}>
            Save
          </Button>
        </div>
      )}
    </form>
  );
}

/** The opportunity detail panel: fields (editable as the role allows), timeline, open tasks, and later sections. */
export function OpportunityDetail({ id, onClose }: { id: string; onClose(): void }) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const opp = useQuery({ queryKey: ['opportunity', id], queryFn: () => api.opportunity.get({ id }) });
  const editable = can(me.data, 'opportunity.write');
  return (
    <OverlayDrawer
      open
      position="end"
      size="medium"
      onOpenChange={(_, d) => !d.open && onClose()}
      aria-label="Opportunity detail"
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}
        >
          {opp.data?.name ?? 'Opportunity'}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        {opp.isPending && <Spinner label="Loading" />}
        {opp.isError && (
          <MessageBar intent="error">
            <MessageBarBody>{opp.error.message}</MessageBarBody>
          </MessageBar>
        )}
        {opp.data && (
          <>
            <FieldsForm opp={opp.data} editable={editable} />
            <TasksSection opportunityId={id} editable={can(me.data, 'task.write')} />
            <TimelineSection opportunityId={id} />
            {(['Sequence', 'Health score', 'Next best action'] as const).map((title) => (
              <section key={title} aria-label={title}>
                <Subtitle2 as="h3" className={styles.title}>
                  {title}
                </Subtitle2>
                <Text as="p" className={styles.later}>
                  Arrives with a later release.
                </Text>
              </section>
            ))}
          </>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}
