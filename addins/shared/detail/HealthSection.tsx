import { Badge, Caption1, makeStyles, Spinner, Subtitle2, Text, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Bars } from '../analytics/Bars';
import { can, useApi, useMe } from '../data/api';
import { healthLook } from '../data/health';

const useStyles = makeStyles({
  title: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    marginBottom: tokens.spacingVerticalS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  history: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

const factorText: Record<string, string> = {
  recency: 'Recent human touch',
  multiThreading: 'People engaged',
  stageAge: 'Time in stage vs SLA',
  sequenceProgress: 'Sequence progress',
  closeDateSlippage: 'Close date held',
  amountChange: 'Amount held',
};

/** The deal's health score with each factor's share of it, and its stage history (`opportunity.metrics.get`). */
export function HealthSection({ opportunityId }: { opportunityId: string }) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const metrics = useQuery({
    queryKey: ['opportunityMetrics', opportunityId],
    queryFn: () => api.opportunity.metrics.get({ opportunityId }),
    enabled: can(me.data, 'analytics.read'),
  });
  if (!can(me.data, 'analytics.read')) return null;
  const m = metrics.data;
  return (
    <section aria-label="Health score">
      <Subtitle2 as="h3" className={styles.title}>
        Health score
        {m && (
          <Badge appearance="tint" color={healthLook[m.health].color} data-testid="health-score" data-score={m.score}>
            {m.score} · {healthLook[m.health].label}
          </Badge>
        )}
      </Subtitle2>
      {metrics.isPending && <Spinner size="tiny" label="Scoring" />}
      {metrics.error && <Caption1 role="alert">{metrics.error.message}</Caption1>}
      {m && (
        <>
          <Bars
            label="Score factors"
            max={1}
            bars={m.factors.map((f) => ({
              label: factorText[f.name] ?? f.name,
              value: f.value,
              text: `${f.contribution.toLocaleString(undefined, { maximumFractionDigits: 1 })} pts`,
              muted: f.weight === 0,
            }))}
          />
          <Text as="p" className={styles.muted}>
            {m.daysInStage} days in stage, {m.daysOpen} days open · {m.engagement.contactsEngaged} people engaged
            {m.slaBreached ? ' · past its SLA idle limit' : ''}
          </Text>
          <ol className={styles.history} aria-label="Stage history">
            {m.stageHistory.map((h) => (
              <li key={`${h.stage}:${h.enteredAt}`}>
                {h.stage}{' '}
                <Caption1 className={styles.muted}>from {new Date(h.enteredAt).toLocaleDateString()}</Caption1>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
