/**
 * A sender process the exactly-once test kills for real: it runs one outbox row through `sendOutboxMail` and
 * SIGKILLs itself right after Graph accepted the `/send` (before anything is recorded in Postgres).
 * argv: ownerUrl emulatorUrl caFile tenantId outboxId
 */
import { readFileSync } from 'node:fs';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { createKnex } from '#db/knex';
import { sendOutboxMail } from '#domains/mail/send/sender';
import {
  createGraphMailAdapter,
  emulatorMailboxAccess,
  type GraphMailAdapter,
} from '#integrations/graph/adapter/index';

const [ownerUrl, url, caFile, tenantId, outboxId] = process.argv.slice(2) as [string, string, string, string, string];
const caPem = readFileSync(caFile, 'utf8');
setDefaultCACertificates([...getCACertificates('default'), caPem]);
const real = createGraphMailAdapter({ baseUrl: url, access: emulatorMailboxAccess({ url, caPem }) });
const dying: GraphMailAdapter = {
  ...real,
  async sendDraft(ref, id) {
    await real.sendDraft(ref, id);
    process.kill(process.pid, 'SIGKILL');
  },
};
await sendOutboxMail({ knex: createKnex(ownerUrl, { pool: { min: 0, max: 2 } }), adapter: dying }, tenantId, outboxId);
process.stdout.write('not killed\n');
process.exit(0);
