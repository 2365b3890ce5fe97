import {
  Body1Strong,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { EngagementMetrics } from '@pivotal-pm/sdk';
import { Bars, useChartGrid, percent } from './Bars';

const reasonText: Record<EngagementMetrics['botHits'][number]['reason'], string> = {
  no_user_agent: 'No user agent',
  bot_user_agent: 'Bot user agent',
  mail_scanner: 'Mail scanner or image proxy',
  prefetch_window: 'Within seconds of delivery',
  unclassified: 'Recorded before reasons',
};

/** Human next to raw opens and clicks, the machine hits by reason, and the rates, from `engagement.metrics.get`. */
export function EngagementSection({ metrics }: { metrics: EngagementMetrics }) {
  const grid = useChartGrid();
  return (
    <section aria-label="Engagement">
      <div className={grid.grid}>
        <div>
          <Body1Strong>Opens and clicks: people and all hits</Body1Strong>
          <Bars
            label="Human and raw opens and clicks"
            bars={[
              { label: 'Opens by people', value: metrics.humanOpens, text: String(metrics.humanOpens) },
              { label: 'All open hits', value: metrics.rawOpens, text: String(metrics.rawOpens), muted: true },
              { label: 'Clicks by people', value: metrics.humanClicks, text: String(metrics.humanClicks) },
              { label: 'All click hits', value: metrics.rawClicks, text: String(metrics.rawClicks), muted: true },
            ]}
          />
        </div>
        <div>
          <Body1Strong>Rates</Body1Strong>
          <Bars
            label="Engagement rates"
            max={1}
            bars={[
              {
                label: `Replies (${metrics.replies} of ${metrics.emailsSent})`,
                value: metrics.replyRate ?? 0,
                text: percent(metrics.replyRate),
              },
              {
                label: `Connects (${metrics.callsConnected} of ${metrics.calls})`,
                value: metrics.connectRate ?? 0,
                text: percent(metrics.connectRate),
              },
              {
                label: `Meetings set (${metrics.meetingsSet})`,
                value: metrics.meetingSetRate ?? 0,
                text: percent(metrics.meetingSetRate),
              },
            ]}
          />
        </div>
      </div>
      <Table size="small" aria-label="Machine hits by reason">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Machine hits: why</TableHeaderCell>
            <TableHeaderCell>Opens</TableHeaderCell>
            <TableHeaderCell>Clicks</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {metrics.botHits.length === 0 && (
            <TableRow>
              <TableCell>No machine hits in the period</TableCell>
              <TableCell />
              <TableCell />
            </TableRow>
          )}
          {metrics.botHits.map((b) => (
            <TableRow key={b.reason}>
              <TableCell>{reasonText[b.reason]}</TableCell>
              <TableCell>{b.opens}</TableCell>
              <TableCell>{b.clicks}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}
