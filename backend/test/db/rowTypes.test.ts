import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableColumns } from '#db/tableColumns';
import { auditColumns, featureFlagColumns } from '#domains/admin/presenters';
import { tenantSettingsColumns } from '#domains/admin/tenantSettings';
import {
  cadenceColumns,
  leadColumns,
  promotionColumns,
  touchpointColumns,
  snapshotColumns,
} from '#domains/cadences/rows';
import { clientColumns, projectColumns } from '#domains/clients/presenters';
import { accountColumns, contactColumns } from '#domains/crm/presenters';
import { outOfOfficeColumns } from '#domains/directory/outOfOffice';
import { userTableColumns, tenantColumns, apiKeyColumns } from '#domains/directory/presenters';
import { engagementColumns, taskColumns } from '#domains/engagements/presenters';
import { eventColumns } from '#domains/events/outbox';
import { webhookColumns } from '#domains/events/presenters';
import { mailboxAccountColumns, mailboxShareColumns } from '#domains/mail/connect/presenters';
import { mailboxColumns } from '#domains/mail/mailboxes';
import { messageIndexColumns } from '#domains/mail/messages';
import { mailOutboxColumns } from '#domains/mail/send/sender';
import { folderSyncColumns } from '#domains/mail/sync/folderState';
import { templateColumns } from '#domains/mail/templates';
import { subscriptionColumns } from '#domains/mail/webhooks/subscriptionManager';
import { pipelineColumns, opportunityColumns, forecastSnapshotColumns } from '#domains/pipelines/rows';
import { holidayColumns } from '#domains/sequences/holidays';
import { slaBreachColumns } from '#domains/sla/presenters';
import { botPreferencesColumns } from '#domains/bot/preferences';
import { callSessionColumns } from '#domains/calls/rows';
import { meetingColumns } from '#domains/meetings/rows';
import {
  sequenceColumns,
  definitionColumns,
  enrollmentColumns,
  suppressionColumns,
  approvalColumns,
} from '#domains/sequences/rows';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/** Every declared row type (`tableColumns`), checked against the migrated schema so a drifted type fails. */
const declared: readonly TableColumns[] = [
  callSessionColumns,
  meetingColumns,
  auditColumns,
  featureFlagColumns,
  tenantSettingsColumns,
  cadenceColumns,
  leadColumns,
  promotionColumns,
  touchpointColumns,
  snapshotColumns,
  clientColumns,
  projectColumns,
  accountColumns,
  contactColumns,
  outOfOfficeColumns,
  userTableColumns,
  tenantColumns,
  apiKeyColumns,
  engagementColumns,
  taskColumns,
  eventColumns,
  webhookColumns,
  mailboxAccountColumns,
  mailboxShareColumns,
  mailboxColumns,
  messageIndexColumns,
  mailOutboxColumns,
  folderSyncColumns,
  templateColumns,
  subscriptionColumns,
  pipelineColumns,
  opportunityColumns,
  forecastSnapshotColumns,
  holidayColumns,
  sequenceColumns,
  definitionColumns,
  enrollmentColumns,
  suppressionColumns,
  approvalColumns,
  slaBreachColumns,
  botPreferencesColumns,
];

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe('row types against the migrated schema', () => {
  let db: TestDatabase;
  let columns: Map<string, string[]>;
  beforeAll(async () => {
    db = await createTestDatabase();
    const result = await db.ownerKnex.raw(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY ordinal_position`,
    );
    columns = new Map();
    for (const row of result.rows as { table_name: string; column_name: string }[]) {
      columns.set(row.table_name, [...(columns.get(row.table_name) ?? []), row.column_name]);
    }
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it.each(declared.map((d) => [`${d.table} (${d.columns.length} columns${d.whole ? '' : ', a subset'})`, d] as const))(
    '%s',
    (_name, d) => {
      const actual = columns.get(d.table);
      expect(actual, `table ${d.table} exists`).toBeDefined();
      const mine = d.columns.map(snake);
      expect(
        mine.filter((c) => !actual?.includes(c)),
        'declared columns the table lacks',
      ).toEqual([]);
      if (d.whole)
        expect(
          (actual ?? []).filter((c) => !mine.includes(c)),
          'table columns the type lacks',
        ).toEqual([]);
    },
  );
});
