import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { JsonObject } from '../../contract/common';
import { ExportFile } from '../../schemas/analytics';

/** The list operations that can be exported, and the reports that export as rows (`rollup.get`). */
const ExportableOperation = z.enum([
  'opportunity.list',
  'pipeline.list',
  'account.list',
  'contact.list',
  'client.list',
  'project.list',
  'task.list',
  'engagement.list',
  'lead.due.list',
  'forecast.snapshot.list',
  'audit.log.list',
  'suppression.list',
  'rollup.get',
]);

export const create = defineOperation({
  id: 'export.create',
  kind: 'mutation',
  summary:
    'Exports every row of a list operation (or a report) as CSV, under the same permissions and client scope as the operation itself.',
  input: z.object({
    /** The list operation to export. */
    operation: ExportableOperation,
    /** That operation's filters (its cursor and limit are ignored). */
    input: JsonObject.default({}),
    /** Columns to include, in order; omitted: every column. */
    columns: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
    format: z.literal('csv').default('csv'),
  }),
  output: ExportFile,
  errors: ['forbidden', 'validation_failed'],
  permission: 'export.create',
  flag: 'pipeline',
  emits: [],
  source: 'catalogue',
});
