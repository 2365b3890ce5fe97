import type { OperationId, Rollup } from '@pivotal-pm/sdk';
import { z } from 'zod';
import { ApiError, invalidField } from '#http/errors';
import { notImplemented, type Handler, type OpContext } from '#http/types';

/** Most rows one export may hold (inline CSV): a larger result is refused, narrow the filters. */
export const EXPORT_ROW_CAP = 10_000;
const PAGE_SIZE = 200;

type Page = { data: Record<string, unknown>[]; nextCursor: string | null };

/** The DTO fields of a list operation's items, in schema order: the export's columns. */
export function itemColumns(output: z.ZodType): string[] {
  if (!(output instanceof z.ZodObject)) return [];
  const data = output.shape.data;
  if (!(data instanceof z.ZodArray) || !(data.element instanceof z.ZodObject)) return [];
  return Object.keys(data.element.shape);
}

/** The handler of a list operation, looked up at call time (the registry imports this domain). */
async function listHandler(operation: OperationId): Promise<Handler<OperationId>> {
  const { handlers } = await import('#domains/handlers');
  const handler = handlers[operation];
  if (handler === notImplemented)
    throw new ApiError('not_implemented', `${operation} cannot be exported yet: it is not implemented`);
  return handler as Handler<OperationId>;
}

/**
 * Every row of a list operation, read page by page through its own handler in the request transaction (same
 * permissions, RLS and client scope as calling the list). More than EXPORT_ROW_CAP rows: 400 on `input`.
 */
export async function readAllRows(
  ctx: OpContext,
  operation: OperationId,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  const handler = await listHandler(operation);
  const rows: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = (await handler({ ...input, limit: PAGE_SIZE, cursor } as never, ctx)) as unknown as Page;
    rows.push(...page.data);
    if (rows.length > EXPORT_ROW_CAP) {
      throw invalidField('input', `more than ${EXPORT_ROW_CAP} rows: narrow the filters`, 'too_big');
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

const ROLLUP_FIGURES = [
  'openCount',
  'openAmount',
  'weighted',
  'wonCount',
  'wonAmount',
  'lostCount',
  'engagements',
] as const;

/** Reports (not lists) that export as rows: their columns, and how one answer becomes rows. */
const reports: Partial<Record<OperationId, { columns: string[]; rows(answer: unknown): Record<string, unknown>[] }>> = {
  // One row per client and one per project of it, the figures an agency sends its client every month.
  'rollup.get': {
    columns: ['clientId', 'clientName', 'projectId', 'projectName', 'currency', 'from', 'to', ...ROLLUP_FIGURES],
    rows(answer) {
      const r = answer as Rollup;
      const base = { currency: r.currency, from: r.period.from, to: r.period.to };
      return r.clients.flatMap((c) => [
        { ...c, clientName: c.name, projectId: null, projectName: null, ...base },
        ...c.projects.map((p) => ({ ...p, clientId: c.clientId, clientName: c.name, projectName: p.name, ...base })),
      ]);
    },
  },
};

/** The columns an export of `operation` has: a report's, else the list items' fields. */
export function exportColumns(operation: OperationId, output: z.ZodType): string[] {
  return reports[operation]?.columns ?? itemColumns(output);
}

/** The rows of an export: a report's answer as rows, else every row of the list. */
export async function exportRows(
  ctx: OpContext,
  operation: OperationId,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  const report = reports[operation];
  if (!report) return readAllRows(ctx, operation, input);
  const handler = await listHandler(operation);
  return report.rows(await handler(input as never, ctx));
}
