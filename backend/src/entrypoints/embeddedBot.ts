import { startBotConnectorEmulator, type BotConnectorEmulator } from '@pivotal-pm/bot/emulator';
import type { Knex } from 'knex';
import type { Config } from '#config';
import { portInUseMessage } from '#db/embedded';
import type { SigningKey } from '#auth/signingKeys';
import { BOT_MESSAGES_PATH } from '#domains/bot/route';
import { createBotRuntime, setBotRuntime } from '#domains/bot/runtime';

/** The bot as `npm start` runs it: the runtime installed, and the embedded Bot Connector emulator when configured. */
export type EmbeddedBot = { emulator: BotConnectorEmulator | null; close(): Promise<void> };

/**
 * Installs the bot runtime (users resolved through the app-role knex, the API called at `apiUrl` as them) and, when
 * the bot's endpoints are unset outside production, starts the Bot Connector emulator on BOT_EMULATOR_PORT with the
 * bot registered at `<apiUrl>/api/messages`: the emulator signs what it delivers with keys it publishes, and its
 * token endpoint and conversations API stand in for Microsoft's (injected through the runtime's OpenID metadata URL,
 * token URL and trusted service origin).
 */
export async function startEmbeddedBot(
  config: Config,
  deps: { knex: Knex; embedKey: SigningKey; apiUrl: string },
): Promise<EmbeddedBot | null> {
  if (!config.bot.enabled) return null;
  const emulated = config.bot.openIdMetadataUrl === 'emulator' || config.bot.tokenUrl === 'emulator';
  let emulator: BotConnectorEmulator | null = null;
  if (emulated) {
    const port = config.bot.emulatorPort;
    emulator = await startBotConnectorEmulator({
      port,
      host: '127.0.0.1',
      bots: [
        {
          appId: config.bot.appId,
          appSecret: config.bot.appSecret,
          endpoint: `${deps.apiUrl}${BOT_MESSAGES_PATH}`,
          name: 'Pivotal',
        },
      ],
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE'
        ? new Error(portInUseMessage(port, 'BOT_EMULATOR_PORT'), { cause: error })
        : error;
    });
  }
  setBotRuntime(
    createBotRuntime({
      config: config.bot,
      knex: deps.knex,
      embedKey: deps.embedKey,
      apiUrl: deps.apiUrl,
      appBaseUrl: config.publicUrl,
      openIdMetadataUrl:
        config.bot.openIdMetadataUrl === 'emulator' ? emulator!.openIdMetadataUrl : config.bot.openIdMetadataUrl,
      tokenUrl: config.bot.tokenUrl === 'emulator' ? emulator!.tokenUrl : config.bot.tokenUrl,
      trustedOrigins: emulator ? [new URL(emulator.serviceUrl).origin] : [],
    }),
  );
  return {
    emulator,
    async close() {
      setBotRuntime(null);
      await emulator?.close();
    },
  };
}

/**
 * The demo's installs: every active rep and manager of the seeded tenants installs the bot in their personal chat
 * (the emulator delivers a signed `installationUpdate`, the bot stores the reference through the API). Answers how
 * many installed.
 */
export async function installDemoBot(ownerKnex: Knex, emulator: BotConnectorEmulator): Promise<number> {
  const { rows } = (await ownerKnex.raw(
    `SELECT u.entra_object_id AS "aadObjectId", u.display_name AS name, t.entra_tenant_id AS "tenantId"
       FROM users u JOIN tenants t ON t.id = u.tenant_id
      WHERE u.active AND u.entra_object_id IS NOT NULL AND t.entra_tenant_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM role_assignments r WHERE r.tenant_id = u.tenant_id AND r.user_id = u.id
                     AND r.role IN ('salesRep', 'salesManager'))`,
  )) as { rows: { aadObjectId: string; name: string; tenantId: string }[] };
  let installed = 0;
  for (const user of rows) {
    const answer = await emulator.deliver(emulator.activities.installationUpdate(user, 'add'));
    if (answer.status === 200) installed += 1;
  }
  return installed;
}
