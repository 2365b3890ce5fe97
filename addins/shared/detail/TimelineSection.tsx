import { Caption1, makeStyles, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
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
            {item.preview && <Caption1>{item.preview}</Caption1>}
          </li>
        ))}
      </ol>
    </section>
  );
}
