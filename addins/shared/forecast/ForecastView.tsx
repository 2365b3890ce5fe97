import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  TabList,
  Text,
  ToggleButton,
  tokens,
} from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular } from '@fluentui/react-icons';
import type { Forecast, Pipeline } from '@pivotal-pm/sdk';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { can, useApi, useMe, useNames } from '../data/api';
import { formatMoney } from '../data/format';
import { stageLabel } from '../data/moves';
import { ForecastChart, type ChartRow } from './ForecastChart';
import { ForecastTotals } from './ForecastTotals';
import { currentPeriodLabel, periodRange, type PeriodKind } from './period';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  controls: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  body: {
    display: 'grid',
    gridTemplateColumns: 'minmax(320px, 3fr) minmax(280px, 2fr)',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
  },
  num: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  // The header cell's text sits in an inner flex box: align it there, over the figures.
  numHeader: { justifyContent: 'flex-end' },
});

/** The groupings `opportunity.forecast.get` rolls up by. */
export type GroupBy = 'stage' | 'owner' | 'client' | 'project';

type ForecastProps = {
  pipeline: Pipeline;
  period: PeriodKind;
  groupBy: GroupBy;
  onChange(patch: { period?: PeriodKind; groupBy?: GroupBy }): void;
};

function rowsOf(f: Forecast, groupBy: GroupBy, name: (kind: GroupBy, id: string | null) => string): ChartRow[] {
  return groupBy === 'stage'
    ? f.byStage.map((r) => ({ ...r, key: r.stage, label: stageLabel(r.stage) }))
    : groupBy === 'owner'
      ? f.byOwner.map((r) => ({ ...r, key: r.ownerId, label: name('owner', r.ownerId) }))
      : groupBy === 'client'
        ? f.byClient.map((r) => ({ ...r, key: r.clientId ?? 'none', label: name('client', r.clientId) }))
        : f.byProject.map((r) => ({ ...r, key: r.projectId ?? 'none', label: name('project', r.projectId) }));
}

/** Weighted and commit rollups of a pipeline for a month or quarter, by stage, owner, client or project. */
export function ForecastView({ pipeline, period, groupBy, onChange }: ForecastProps) {
  const styles = useStyles();
  const api = useApi();
  const me = useMe();
  const [offset, setOffset] = useState(0);
  const range = periodRange(period, offset);
  const users = useNames('user', can(me.data, 'directory.read'));
  const clients = useNames('client', can(me.data, 'client.read'));
  const projects = useNames('project', can(me.data, 'client.read'));
  const forecast = useQuery({
    queryKey: ['forecast', pipeline.id, range.from, range.to],
    queryFn: () =>
      api.opportunity.forecast.get({ pipelineId: pipeline.id, period: { from: range.from, to: range.to } }),
  });
  const name = (kind: GroupBy, id: string | null): string => {
    if (id === null) return kind === 'client' ? 'Internal' : 'No project';
    const map = kind === 'owner' ? users.data : kind === 'client' ? clients.data : projects.data;
    return map?.get(id) ?? `${kind} ${id.slice(-6)}`;
  };
  const f = forecast.data;
  const rows = f ? rowsOf(f, groupBy, name) : [];
  return (
    <section className={styles.root} aria-label="Forecast">
      <div className={styles.controls}>
        <div role="group" aria-label="Period">
          <ToggleButton
            checked={period === 'month'}
            onClick={() => {
              setOffset(0);
              onChange({ period: 'month' });
            }}
          >
            {currentPeriodLabel('month')}
          </ToggleButton>
          <ToggleButton
            checked={period === 'quarter'}
            onClick={() => {
              setOffset(0);
              onChange({ period: 'quarter' });
            }}
          >
            {currentPeriodLabel('quarter')}
          </ToggleButton>
        </div>
        <Button
          appearance="subtle"
          icon={<ChevronLeftRegular />}
          aria-label="Previous period"
          onClick={() => setOffset(offset - 1)}
        />
        <Text weight="semibold" data-testid="forecast-period" data-from={range.from} data-to={range.to}>
          {range.label}
        </Text>
        <Button
          appearance="subtle"
          icon={<ChevronRightRegular />}
          aria-label="Next period"
          onClick={() => setOffset(offset + 1)}
        />
        <TabList
          selectedValue={groupBy}
          onTabSelect={(_, d) => onChange({ groupBy: d.value as GroupBy })}
          aria-label="Group by"
        >
          <Tab value="stage">By stage</Tab>
          <Tab value="owner">By owner</Tab>
          <Tab value="client">By client</Tab>
          <Tab value="project">By project</Tab>
        </TabList>
      </div>
      {forecast.isPending && <Spinner label="Loading the forecast" />}
      {forecast.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{forecast.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {f && (
        <>
          <ForecastTotals forecast={f} pipeline={pipeline} range={range} />
          <div className={styles.body}>
            <Table aria-label={`Forecast by ${groupBy}`} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{groupBy.charAt(0).toUpperCase() + groupBy.slice(1)}</TableHeaderCell>
                  <TableHeaderCell className={styles.num} button={{ className: styles.numHeader }}>
                    Deals
                  </TableHeaderCell>
                  <TableHeaderCell className={styles.num} button={{ className: styles.numHeader }}>
                    Amount
                  </TableHeaderCell>
                  <TableHeaderCell className={styles.num} button={{ className: styles.numHeader }}>
                    Weighted
                  </TableHeaderCell>
                  <TableHeaderCell className={styles.num} button={{ className: styles.numHeader }}>
                    Commit
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((r) => (
                  <TableRow
                    key={r.key}
                    data-testid={`forecast-row-${r.key}`}
                    data-amount={r.amount}
                    data-weighted={r.weighted}
                    data-commit={r.commit}
                    data-count={r.count}
                  >
                    <TableCell>{r.label}</TableCell>
                    <TableCell className={styles.num}>{r.count}</TableCell>
                    <TableCell className={styles.num}>{formatMoney(r.amount, f.currency)}</TableCell>
                    <TableCell className={styles.num}>{formatMoney(r.weighted, f.currency)}</TableCell>
                    <TableCell className={styles.num}>{formatMoney(r.commit, f.currency)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <ForecastChart rows={rows} currency={f.currency} />
          </div>
        </>
      )}
    </section>
  );
}
