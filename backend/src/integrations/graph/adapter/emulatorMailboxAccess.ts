import { callEmulator } from '../emulator/testClient';
import type { MailboxAccess } from '../mailboxAccess';

/**
 * A `MailboxAccess` for tests, the demo and the bench: one app-only token from the emulator's token endpoint
 * (client credentials), fetched once and shared by every mailbox (the emulator does not limit an app token to a
 * mailbox). Real identity lives in the mailbox connection code (msal-node, sealed token cache).
 */
export function emulatorMailboxAccess(
  emulator: { url: string; caPem: string },
  clientId = 'pivotal-emulated-app',
): MailboxAccess {
  let token: Promise<string> | null = null;
  const fetchToken = async (): Promise<string> => {
    const res = await callEmulator(emulator, 'POST', '/common/oauth2/v2.0/token', {
      token: null,
      form: { grant_type: 'client_credentials', client_id: clientId, scope: 'https://graph.microsoft.com/.default' },
    });
    const accessToken = res.body.access_token;
    if (res.status !== 200 || typeof accessToken !== 'string')
      throw new Error(`emulator token endpoint answered ${res.status}`);
    return accessToken;
  };
  return {
    accessToken() {
      token ??= fetchToken().catch((error: unknown) => {
        token = null;
        throw error;
      });
      return token;
    },
  };
}
