import { Caption1, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import type { TimelineItem } from '@pivotal-pm/sdk';
import { useApi } from '../data/api';
import { formatDateTime } from '../data/format';

const useStyles = makeStyles({
  title: { display: 'block', marginBottom: tokens.spacingVerticalS },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    paddingLeft: tokens.spacingHorizontalM,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

const typeLabel: Record<string, string> = {
  email_in: 'Email in',
  email_out: 'Email out',
  call_in: 'Call in',
  call_out: 'Call out',
  meeting: 'Meeting',
  note: 'Note',
  task: 'Task',
};

const outcomeLabel: Record<string, string> = {
  connected: 'Connected',
  no_answer: 'No answer',
  left_vm: 'Left voicemail',
  callback: 'Call back',
};

/** A call's talk time, as people say it: `45 s`, `3 min 05 s`. */
export function talkTime(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** What a call entry says of its call: failed, or its talk time and the rep's outcome. */
function callLine(call: NonNullable<TimelineItem['call']>): string {
  if (call.status === 'failed') return 'Not answered';
  const outcome =
    call.disposition === 'custom' ? call.customDisposition : call.disposition && outcomeLabel[call.disposition];
  return [talkTime(call.durationSec), outcome].filter(Boolean).join(' · ');
}

/** The unified timeline (`timeline.get`): mail, calls, meetings, notes and tasks, newest first. */
export function TimelineSection({ opportunityId }: { opportunityId: string }) {
  const styles = useStyles();
  const api = useApi();
  const timeline = useQuery({
    queryKey: ['opportunity', opportunityId, 'timeline'],
    queryFn: () => api.timeline.get({ opportunityId, limit: 30 }).then((p) => p.data),
  });
  if (timeline.isError) return <Text className={styles.muted}>The timeline is not available to your role.</Text>;
  return (
    <section aria-label="Timeline">
      <Subtitle2 as="h3" className={styles.title}>
        Timeline
      </Subtitle2>
      {timeline.data?.length === 0 && <Text className={styles.muted}>Nothing logged yet.</Text>}
      <ol className={styles.list}>
        {timeline.data?.map((item) => (
          <li key={`${item.source}-${item.id}`} className={styles.item}>
            <Text weight="semibold">{item.title ?? typeLabel[item.type] ?? item.type}</Text>
            <Caption1 className={styles.muted}>
              {typeLabel[item.type] ?? item.type} · {formatDateTime(item.occurredAt)}
            </Caption1>
            {item.call && <Caption1 data-testid="timeline-call">{callLine(item.call)}</Caption1>}
            {item.preview && <Caption1>{item.preview}</Caption1>}
          </li>
        ))}
      </ol>
    </section>
  );
}
