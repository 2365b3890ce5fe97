import {
  Body1Strong,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  tokens,
} from '@fluentui/react-components';
import type { Pipeline } from '@pivotal-pm/sdk';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { can, useApi, useMe } from '../data/api';
import { EngagementSection } from './EngagementSection';
import { PipelineSection } from './PipelineSection';
import { RepSection } from './RepSection';
import { RollupSection } from './RollupSection';

const useStyles = makeStyles({
  view: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXL,
    paddingBottom: tokens.spacingVerticalXXL,
  },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export type AnalyticsPeriod = '30d' | '90d' | 'quarter';

/** The inclusive UTC dates of a period choice. */
export function periodDates(choice: AnalyticsPeriod, now = new Date()): { from: string; to: string } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (choice === 'quarter') {
    const start = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 0));
    return { from: day(start), to: day(end) };
  }
  const days = choice === '30d' ? 30 : 90;
  return { from: day(new Date(now.getTime() - (days - 1) * 86_400_000)), to: day(now) };
}

function Section({
  title,
  query,
  children,
}: {
  title: string;
  query: { isPending: boolean; error: Error | null };
  children: () => ReactNode;
}) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-label={title}>
      <Subtitle2 as="h2">{title}</Subtitle2>
      {query.isPending ? (
        <Spinner size="small" label={`Loading ${title.toLowerCase()}`} />
      ) : query.error ? (
        <MessageBar intent="error">
          <MessageBarBody>{query.error.message}</MessageBarBody>
        </MessageBar>
      ) : (
        children()
      )}
    </section>
  );
}

/**
 * The Analytics view of a pipeline: conversion and velocity, win/loss by reason, rep performance, engagement (human
 * beside raw) and client/project rollups, each from its operation. Sections the caller's role may not read are
 * left out (a client viewer has no rep performance: it is internal).
 */
export function AnalyticsView({
  pipeline,
  period,
  onPeriod,
}: {
  pipeline: Pipeline;
  period: AnalyticsPeriod;
  onPeriod: (p: AnalyticsPeriod) => void;
}) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const dates = periodDates(period);
  const internal = me.data?.clientIds === null;
  const readable = can(me.data, 'analytics.read');
  const pipelineMetrics = useQuery({
    queryKey: ['analytics', 'pipeline', pipeline.id, dates],
    queryFn: () => api.pipeline.metrics.get({ pipelineId: pipeline.id, period: dates }),
    enabled: readable,
  });
  const reps = useQuery({
    queryKey: ['analytics', 'reps', dates],
    queryFn: () => api.rep.performance.get({ period: dates }),
    enabled: readable && internal,
  });
  const engagement = useQuery({
    queryKey: ['analytics', 'engagement', pipeline.id, dates],
    queryFn: () => api.engagement.metrics.get({ period: dates, pipelineId: pipeline.id }),
    enabled: readable,
  });
  const rollup = useQuery({
    queryKey: ['analytics', 'rollup', dates],
    queryFn: () => api.rollup.get({ period: dates }),
    enabled: readable,
  });
  if (!readable) {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>Your role has no access to analytics.</MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <div className={styles.view} aria-label="Analytics">
      <div>
        <Body1Strong>Period</Body1Strong>
        <TabList
          size="small"
          selectedValue={period}
          onTabSelect={(_, d) => onPeriod(d.value as AnalyticsPeriod)}
          aria-label="Period"
        >
          <Tab value="30d">Last 30 days</Tab>
          <Tab value="90d">Last 90 days</Tab>
          <Tab value="quarter">This quarter</Tab>
        </TabList>
        <span data-testid="analytics-period">
          {dates.from} – {dates.to}
        </span>
      </div>
      <Section title="Conversion and velocity" query={pipelineMetrics}>
        {() => <PipelineSection metrics={pipelineMetrics.data!} />}
      </Section>
      {internal && (
        <Section title="Rep performance" query={reps}>
          {() => <RepSection report={reps.data!} />}
        </Section>
      )}
      <Section title="Engagement" query={engagement}>
        {() => <EngagementSection metrics={engagement.data!} />}
      </Section>
      <Section title="Client and project rollups" query={rollup}>
        {() => <RollupSection rollup={rollup.data!} />}
      </Section>
    </div>
  );
}
