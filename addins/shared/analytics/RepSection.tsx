import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { RepPerformanceReport } from '@pivotal-pm/sdk';
import { formatMoney } from '../data/money';
import { percent } from './Bars';

type Figures = RepPerformanceReport['team'];

function Cells({ f }: { f: Figures }) {
  return (
    <>
      <TableCell>{f.emailsSent}</TableCell>
      <TableCell>
        {f.callsConnected} / {f.callsMade}
      </TableCell>
      <TableCell>{f.meetingsBooked}</TableCell>
      <TableCell>
        {f.tasksCompleted}
        {f.tasksOverdue > 0 ? ` (${f.tasksOverdue} late)` : ''}
      </TableCell>
      <TableCell>{percent(f.slaAdherence)}</TableCell>
      <TableCell>{percent(f.winRate)}</TableCell>
      <TableCell>{formatMoney(f.wonAmount, f.currency)}</TableCell>
      <TableCell>{f.averageDealSize === null ? '–' : formatMoney(f.averageDealSize, f.currency)}</TableCell>
    </>
  );
}

/** One row per rep and the team's total, from `rep.performance.get`. */
export function RepSection({ report }: { report: RepPerformanceReport }) {
  return (
    <Table size="small" aria-label="Rep performance">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Rep</TableHeaderCell>
          <TableHeaderCell>Emails</TableHeaderCell>
          <TableHeaderCell>Calls connected / made</TableHeaderCell>
          <TableHeaderCell>Meetings</TableHeaderCell>
          <TableHeaderCell>Tasks done</TableHeaderCell>
          <TableHeaderCell>Within SLA</TableHeaderCell>
          <TableHeaderCell>Win rate</TableHeaderCell>
          <TableHeaderCell>Won</TableHeaderCell>
          <TableHeaderCell>Average deal</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {report.reps.map((r) => (
          <TableRow key={r.userId} data-rep={r.userId}>
            <TableCell>{r.displayName}</TableCell>
            <Cells f={r} />
          </TableRow>
        ))}
        {report.reps.length > 1 && (
          <TableRow data-rep="team">
            <TableCell>Team</TableCell>
            <Cells f={report.team} />
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
}
