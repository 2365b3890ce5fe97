import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { Rollup } from '@pivotal-pm/sdk';
import { formatMoney } from '../data/money';

type Figures = Rollup['clients'][number]['projects'][number];

/** Client rows with their projects indented: open, weighted, won, lost and engagements, from `rollup.get`. */
export function RollupSection({ rollup }: { rollup: Rollup }) {
  const money = (a: string) => formatMoney(a, rollup.currency);
  const cells = (f: Omit<Figures, 'projectId' | 'name'>) => (
    <>
      <TableCell>
        {f.openCount} · {money(f.openAmount)}
      </TableCell>
      <TableCell>{money(f.weighted)}</TableCell>
      <TableCell>
        {f.wonCount} · {money(f.wonAmount)}
      </TableCell>
      <TableCell>{f.lostCount}</TableCell>
      <TableCell>{f.engagements}</TableCell>
    </>
  );
  return (
    <Table size="small" aria-label="Client and project rollups">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Client / project</TableHeaderCell>
          <TableHeaderCell>Open</TableHeaderCell>
          <TableHeaderCell>Weighted</TableHeaderCell>
          <TableHeaderCell>Won</TableHeaderCell>
          <TableHeaderCell>Lost</TableHeaderCell>
          <TableHeaderCell>Engagements</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rollup.clients.length === 0 && (
          <TableRow>
            <TableCell>No client deals in the period</TableCell>
          </TableRow>
        )}
        {rollup.clients.flatMap((c) => [
          <TableRow key={c.clientId} data-client={c.clientId}>
            <TableCell>{c.name}</TableCell>
            {cells(c)}
          </TableRow>,
          ...c.projects.map((p) => (
            <TableRow key={`${c.clientId}:${p.projectId}`} data-project={p.projectId}>
              <TableCell>↳ {p.name}</TableCell>
              {cells(p)}
            </TableRow>
          )),
        ])}
      </TableBody>
    </Table>
  );
}
