import {
  Badge,
  Body1Strong,
  Button,
  Caption1,
  Card,
  Dropdown,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Subtitle2,
  Text,
  tokens,
} from '@fluentui/react-components';
import { isTerminalStage, type MailContext, type MailContextOpportunity } from '@pivotal-pm/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { can, useApi, useMe, usePipelines } from '../data/api';
import { formatMoney } from '../data/money';
import { contextInput, type MailboxHost, type MailItem } from '../host/mailbox';
import { EnrollPanel } from './EnrollPanel';
import { RecordSwitch } from '../calls/RecordSwitch';
import { PersonRow } from './PersonRow';
import { TemplateInserter } from './TemplateInserter';

const useStyles = makeStyles({
  pane: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  card: { padding: tokens.spacingHorizontalM, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const slaBadge = {
  ok: ['success', 'On track'],
  at_risk: ['warning', 'At risk'],
  breached: ['danger', 'SLA breached'],
} as const;

/** The query of an item's context (one round trip, `mailContext.get`). */
export const contextKey = (item: MailItem) => ['mailContext', item.internetMessageId, contextInput(item)] as const;

/**
 * The pane for the open email: who its people are in Pivotal and what is open with them, with the actions a rep
 * takes from there (log the email, add the sender, add a task, move a stage). Each action shows only with the
 * permission it needs; the API checks them again.
 */
export function ContextPane({
  item,
  host,
}: {
  item: MailItem;
  /** What the pane does through its host: insert into the email being written, keep after-send offers. */
  host: Pick<MailboxHost, 'item' | 'insertHtml' | 'offers' | 'sendDemo'>;
}) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const context = useQuery({
    queryKey: contextKey(item),
    queryFn: () => api.mailContext.get(contextInput(item)),
    staleTime: 30_000,
    // Asked only for a caller whose role reads mail: a client viewer's pane asks nothing.
    enabled: can(me.data, 'mail.read'),
  });
  if (context.isPending) return <Spinner label="Looking this email up in Pivotal" className={styles.pane} />;
  if (context.isError) {
    return (
      <MessageBar intent="error" className={styles.pane}>
        <MessageBarBody>Pivotal could not look this email up: {context.error.message}</MessageBarBody>
      </MessageBar>
    );
  }
  const data = context.data;
  return (
    <div className={styles.pane} aria-label="Pivotal context of this email">
      <Subtitle2>{item.subject || '(no subject)'}</Subtitle2>
      {item.mode === 'compose' && host.insertHtml && (
        <TemplateInserter item={item} insert={host.insertHtml.bind(host)} />
      )}
      <section className={styles.section} aria-label="People">
        <Body1Strong>People</Body1Strong>
        {data.people.length === 0 && <Caption1 className={styles.muted}>Only you are on this email.</Caption1>}
        {data.people.some((p) => p.contact?.phone) && <RecordSwitch />}
        {data.people.map((person) => (
          <PersonRow key={person.address} person={person} item={item} />
        ))}
      </section>
      <section className={styles.section} aria-label="Opportunities">
        <Body1Strong>Open opportunities</Body1Strong>
        {data.opportunities.length === 0 && (
          <Caption1 className={styles.muted}>No open opportunity with these people.</Caption1>
        )}
        {data.opportunities.map((o) => (
          <OpportunityCard key={o.opportunity.id} entry={o} item={item} context={data} />
        ))}
      </section>
      <EnrollPanel
        key={data.people.map((p) => p.contact?.id ?? p.address).join()}
        contacts={data.people.flatMap((p) => (p.contact ? [p.contact] : []))}
        afterSend={item.mode === 'compose' ? { draft: () => draftOf(host, item), store: host.offers } : undefined}
      />
      {item.mode === 'compose' && host.sendDemo && <DemoSend item={item} send={host.sendDemo.bind(host)} />}
      {data.lastTouch && (
        <Caption1>
          Last touch: {data.lastTouch.type.replace('_', ' ')} on {new Date(data.lastTouch.at).toLocaleDateString()}
        </Caption1>
      )}
      {data.openTasks.length > 0 && (
        <section className={styles.section} aria-label="Open tasks">
          <Body1Strong>Open tasks</Body1Strong>
          {data.openTasks.map((task) => (
            <Text key={task.id}>
              {task.title} <Caption1 className={styles.muted}>due {new Date(task.dueAt).toLocaleDateString()}</Caption1>
            </Text>
          ))}
        </section>
      )}
      {data.enrollments.length > 0 && (
        <section className={styles.section} aria-label="Sequences">
          <Body1Strong>In sequences</Body1Strong>
          {data.enrollments.map((e) => (
            <Text key={e.enrollment.id}>
              {e.sequenceName}{' '}
              <Caption1 className={styles.muted}>
                {e.enrollment.status}
                {e.nextStep ? `, next: step ${e.nextStep.index + 1} (${e.nextStep.type})` : ''}
              </Caption1>
            </Text>
          ))}
        </section>
      )}
    </div>
  );
}

/** The draft as it is now (the rep may have changed its subject or recipients since the pane read it). */
async function draftOf(host: Pick<MailboxHost, 'item'>, fallback: MailItem) {
  const now = (await host.item()) ?? fallback;
  const { to, cc } = contextInput(now);
  return { subject: now.subject, recipients: [...to, ...cc] };
}

/** Standalone only: sends the demo email being written through the API, as Outlook's Send button would. */
function DemoSend({ item, send }: { item: MailItem; send: (item: MailItem) => Promise<void> }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const sending = useMutation({
    mutationFn: () => send(item),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['sentMail'] }),
  });
  if (!can(me.data, 'mail.send') || item.to.length === 0) return null;
  return (
    <section aria-label="Send the demo email">
      <Button size="small" disabled={sending.isPending || sending.isSuccess} onClick={() => sending.mutate()}>
        Send (demo: Outlook's Send button)
      </Button>
      {sending.isSuccess && <Caption1 role="status"> Sent: it reaches the Sent folder in a moment.</Caption1>}
      {sending.error && <Caption1 role="alert"> {sending.error.message}</Caption1>}
    </section>
  );
}

/**
 * Shows its children only to a caller whose role reads mail (sales reps, managers, admins); everyone else (a client
 * viewer, an analyst) gets one line saying why the pane is empty, and nothing of mail is asked for.
 */
export function MailAccessGate({ children }: { children: ReactNode }) {
  const styles = useStyles();
  const me = useMe();
  if (me.isPending) return <Spinner label="Signing in" className={styles.pane} />;
  if (me.isError) {
    return (
      <MessageBar intent="error" className={styles.pane}>
        <MessageBarBody>Pivotal could not sign you in: {me.error.message}</MessageBarBody>
      </MessageBar>
    );
  }
  if (!can(me.data, 'mail.read')) {
    return (
      <MessageBar intent="warning" className={styles.pane}>
        <MessageBarBody>Your role has no access to mail, so Pivotal shows nothing about emails here.</MessageBarBody>
      </MessageBar>
    );
  }
  return <>{children}</>;
}

/** One open opportunity: what it is, how it stands, and what the rep can do with it from the email. */
function OpportunityCard({
  entry,
  item,
  context,
}: {
  entry: MailContextOpportunity;
  item: MailItem;
  context: MailContext;
}) {
  const styles = useStyles();
  const api = useApi();
  const queryClient = useQueryClient();
  const me = useMe();
  const pipelines = usePipelines();
  const { opportunity } = entry;
  const [note, setNote] = useState<string | null>(null);
  const sender = context.people.find((p) => p.role === 'from')?.contact ?? null;
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['mailContext'] });
  const log = useMutation({
    mutationFn: () =>
      api.engagement.log({
        type: item.from && context.people.some((p) => p.role === 'from') ? 'email_in' : 'email_out',
        channel: 'email',
        opportunityId: opportunity.id,
        ...(sender ? { contactId: sender.id } : {}),
        // The synced copy when Pivotal has it, else the Message-ID: either way one engagement per email.
        ...(context.message ? { messageId: context.message.id } : { internetMessageId: item.internetMessageId! }),
        subject: item.subject.slice(0, 998),
        ...(item.createdAt ? { occurredAt: item.createdAt } : {}),
      }),
    onSuccess: () => {
      setNote('Email logged to this opportunity.');
      void refresh();
    },
  });
  const task = useMutation({
    mutationFn: () =>
      api.task.create({
        type: 'followup',
        title: `Follow up: ${item.subject || opportunity.name}`.slice(0, 200),
        opportunityId: opportunity.id,
        ...(sender ? { contactId: sender.id } : {}),
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    onSuccess: () => {
      setNote('Follow-up task added for tomorrow.');
      void refresh();
    },
  });
  const move = useMutation({
    mutationFn: (stage: string) =>
      api.opportunity.moveStage({ id: opportunity.id, stage, expectedVersion: opportunity.version }),
    onSuccess: () => void refresh(),
  });
  const stages =
    pipelines.data?.find((p) => p.id === opportunity.pipelineId)?.stageOrder.filter((s) => !isTerminalStage(s)) ?? [];
  const sla = entry.sla ? slaBadge[entry.sla] : null;
  const error = log.error ?? task.error ?? move.error;
  return (
    <Card className={styles.card} aria-label={`Opportunity ${opportunity.name}`} data-opportunity={opportunity.id}>
      <Body1Strong>{opportunity.name}</Body1Strong>
      <div className={styles.row}>
        <Text>{formatMoney(opportunity.amount, opportunity.currency)}</Text>
        <Caption1 className={styles.muted}>
          {entry.pipelineName} · {entry.ownerName ?? 'no owner'} · {entry.daysInStage} d in stage
        </Caption1>
        {sla && (
          <Badge appearance="tint" color={sla[0]}>
            {sla[1]}
          </Badge>
        )}
      </div>
      {can(me.data, 'opportunity.write') && stages.length > 0 ? (
        <Dropdown
          aria-label={`Stage of ${opportunity.name}`}
          value={opportunity.stage}
          selectedOptions={[opportunity.stage]}
          onOptionSelect={(_, d) => d.optionValue && d.optionValue !== opportunity.stage && move.mutate(d.optionValue)}
        >
          {stages.map((s) => (
            <Option key={s} value={s}>
              {s}
            </Option>
          ))}
        </Dropdown>
      ) : (
        <Caption1>Stage: {opportunity.stage}</Caption1>
      )}
      <div className={styles.row}>
        {can(me.data, 'engagement.write') && item.mode === 'read' && (context.message || item.internetMessageId) && (
          <Button size="small" appearance="primary" disabled={log.isPending} onClick={() => log.mutate()}>
            Log email
          </Button>
        )}
        {can(me.data, 'task.write') && (
          <Button size="small" disabled={task.isPending} onClick={() => task.mutate()}>
            Add follow-up task
          </Button>
        )}
      </div>
      {note && <Caption1 role="status">{note}</Caption1>}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
    </Card>
  );
}
