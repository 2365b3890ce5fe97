import type { Knex } from 'knex';
import * as createTenancy from './migrations/20261122000100_create_tenancy';
import * as createAccess from './migrations/20261122000200_create_access';
import * as createCrm from './migrations/20261122000300_create_crm';
import * as createPipelines from './migrations/20261122000400_create_pipelines';
import * as createEngagements from './migrations/20261122000500_create_engagements';
import * as createSequences from './migrations/20261122000600_create_sequences';
import * as createMailAndCalls from './migrations/20261122000700_create_mail_and_calls';
import * as createPlatform from './migrations/20261122000800_create_platform';
import * as addRecordDetails from './migrations/20261122000900_add_record_details';
import * as addWebhookCursor from './migrations/20261122000950_add_webhook_cursor';
import * as orderOutboxByTransaction from './migrations/20261122001000_order_outbox_by_transaction';
import * as addListIndexes from './migrations/20261122001100_add_list_indexes';
import * as createOpportunityRollups from './migrations/20261122001200_create_opportunity_rollups';
import * as evaluatePolicySettingsOnce from './migrations/20261122001300_evaluate_policy_settings_once';
import * as createTenantDataKeys from './migrations/20261122002000_create_tenant_data_keys';
import * as sealWebhookSecrets from './migrations/20261122002010_seal_webhook_secrets';
import * as createMailboxShares from './migrations/20261122002020_create_mailbox_shares';
import * as createMailSync from './migrations/20261122002100_create_mail_sync';
import * as addInboxSearchAndTemplates from './migrations/20261122002200_add_inbox_search_and_templates';
import * as makeSearchOperatorsLeakproof from './migrations/20261122002210_make_search_operators_leakproof';
import * as createCadences from './migrations/20261122002300_create_cadences';
import * as extendSequences from './migrations/20261122002400_extend_sequences';
import * as addMailWebhooks from './migrations/20261203000100_add_mail_webhooks';
import * as createMailOutbox from './migrations/20261203000200_create_mail_outbox';
import * as createSequenceRuns from './migrations/20261203000300_create_sequence_runs';
import * as addMailSentConversationIndex from './migrations/20261203000500_add_mail_sent_conversation_index';
import * as extendOutOfOffice from './migrations/20261204000900_extend_out_of_office';
import * as createMailTrackingEvents from './migrations/20261204001000_create_mail_tracking_events';
import * as fenceMailEngagements from './migrations/20261206000100_fence_mail_engagements';
import * as createEventStreamTickets from './migrations/20261206000110_create_event_stream_tickets';
import * as createSequenceWebhookSecrets from './migrations/20261206000200_create_sequence_webhook_secrets';
import * as keyIdempotencyByCaller from './migrations/20261206000300_key_idempotency_by_caller';
import * as sealSigningKeys from './migrations/20261206000310_seal_signing_keys';
import * as sealUnsubscribeSecrets from './migrations/20261206000320_seal_unsubscribe_secrets';
import * as createRateLimitWindows from './migrations/20261206000400_create_rate_limit_windows';
import * as scrubMailEventPayloads from './migrations/20261206000410_scrub_mail_event_payloads';
import * as addPromotionSnap from './migrations/20261206000500_add_promotion_snap';

/** One migration module: `up` and `down` (every migration is reversible in tests). */
export type MigrationModule = {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
};

/**
 * Every migration, keyed by its file name. A static list (not a directory scan) loads the same way under
 * tsx, vitest and any bundler; a test checks that it matches the files in `migrations/`.
 */
export const migrations: Record<string, MigrationModule> = {
  '20261122000100_create_tenancy.ts': createTenancy,
  '20261122000200_create_access.ts': createAccess,
  '20261122000300_create_crm.ts': createCrm,
  '20261122000400_create_pipelines.ts': createPipelines,
  '20261122000500_create_engagements.ts': createEngagements,
  '20261122000600_create_sequences.ts': createSequences,
  '20261122000700_create_mail_and_calls.ts': createMailAndCalls,
  '20261122000800_create_platform.ts': createPlatform,
  '20261122000900_add_record_details.ts': addRecordDetails,
  '20261122000950_add_webhook_cursor.ts': addWebhookCursor,
  '20261122001000_order_outbox_by_transaction.ts': orderOutboxByTransaction,
  '20261122001100_add_list_indexes.ts': addListIndexes,
  '20261122001200_create_opportunity_rollups.ts': createOpportunityRollups,
  '20261122001300_evaluate_policy_settings_once.ts': evaluatePolicySettingsOnce,
  '20261122002000_create_tenant_data_keys.ts': createTenantDataKeys,
  '20261122002010_seal_webhook_secrets.ts': sealWebhookSecrets,
  '20261122002020_create_mailbox_shares.ts': createMailboxShares,
  '20261122002100_create_mail_sync.ts': createMailSync,
  '20261122002200_add_inbox_search_and_templates.ts': addInboxSearchAndTemplates,
  '20261122002210_make_search_operators_leakproof.ts': makeSearchOperatorsLeakproof,
  '20261122002300_create_cadences.ts': createCadences,
  '20261122002400_extend_sequences.ts': extendSequences,
  '20261203000100_add_mail_webhooks.ts': addMailWebhooks,
  '20261203000200_create_mail_outbox.ts': createMailOutbox,
  '20261203000300_create_sequence_runs.ts': createSequenceRuns,
  '20261203000500_add_mail_sent_conversation_index.ts': addMailSentConversationIndex,
  '20261204000900_extend_out_of_office.ts': extendOutOfOffice,
  '20261204001000_create_mail_tracking_events.ts': createMailTrackingEvents,
  '20261206000100_fence_mail_engagements.ts': fenceMailEngagements,
  '20261206000110_create_event_stream_tickets.ts': createEventStreamTickets,
  '20261206000200_create_sequence_webhook_secrets.ts': createSequenceWebhookSecrets,
  '20261206000300_key_idempotency_by_caller.ts': keyIdempotencyByCaller,
  '20261206000310_seal_signing_keys.ts': sealSigningKeys,
  '20261206000320_seal_unsubscribe_secrets.ts': sealUnsubscribeSecrets,
  '20261206000400_create_rate_limit_windows.ts': createRateLimitWindows,
  '20261206000410_scrub_mail_event_payloads.ts': scrubMailEventPayloads,
  '20261206000500_add_promotion_snap.ts': addPromotionSnap,
};

/** Knex's migration source over the static list. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};

/** The migrator configuration every caller (start-up, CLI, tests) uses. */
export const migratorConfig: Knex.MigratorConfig = {
  migrationSource,
  tableName: 'knex_migrations',
};
