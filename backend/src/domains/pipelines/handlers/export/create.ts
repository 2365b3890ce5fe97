import { operations, type OperationSpec } from '@pivotal-pm/sdk';
import { uuidv7 } from '#db/ids';
import { ApiError, invalidField, invalidInputs } from '#http/errors';
import type { Handler } from '#http/types';
import { fieldIssues } from '#http/validation';
import { toCsv } from '#domains/pipelines/csv';
import { exportColumns, exportRows } from '#domains/pipelines/exporting';

const DAY_MS = 86_400_000;

/**
 * Exports every row of a list operation as CSV under the caller's permissions and client scope. The file is
 * answered inline as a `data:text/csv;base64,...` URL (no file storage); at most EXPORT_ROW_CAP rows.
 */
export const exportCreate: Handler<'export.create'> = async (input, ctx) => {
  const op = operations[input.operation] as OperationSpec;
  if (!ctx.can(op.permission))
    throw new ApiError('forbidden', `Your role does not allow ${input.operation} (needs ${op.permission})`);
  if (op.flag && !ctx.flags[op.flag])
    throw new ApiError('feature_disabled', `The ${op.flag} feature is disabled for this tenant`);
  const { cursor: _cursor, limit: _limit, ...filters } = input.input;
  const parsed = op.input.safeParse(filters);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error).map((i) => ({
      ...i,
      path: i.path === '(root)' ? 'input' : `input.${i.path}`,
    }));
    throw invalidInputs(issues);
  }
  const available = exportColumns(input.operation, op.output);
  const columns = input.columns ?? available;
  const bad = columns.findIndex((c) => !available.includes(c));
  if (bad >= 0) {
    const message = `not a column of ${input.operation}`;
    throw invalidField(`columns.${bad}`, message, 'unknown_column');
  }
  const rows = await exportRows(ctx, input.operation, parsed.data as Record<string, unknown>);
  const csv = toCsv(columns, rows);
  const stamp = ctx.now.toISOString().replace(/[-:]|\.\d+/g, '');
  const file = {
    id: uuidv7(),
    fileName: `${input.operation.replace(/\./g, '-')}-${stamp}.csv`,
    contentType: 'text/csv' as const,
    rowCount: rows.length,
    downloadUrl: `data:text/csv;charset=utf-8;base64,${Buffer.from(csv, 'utf8').toString('base64')}`,
    expiresAt: new Date(ctx.now.getTime() + DAY_MS).toISOString(),
  };
  await ctx.audit({
    targetType: 'export',
    targetId: file.id,
    after: { operation: input.operation, input: filters, columns, rowCount: file.rowCount, fileName: file.fileName },
  });
  return file;
};
