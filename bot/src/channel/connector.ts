import type { ConversationReference, OutboundActivity } from './activity';

/** Microsoft's token endpoint for bots (client credentials for the Bot Connector service). */
export const BOT_TOKEN_URL = 'https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token';
const SCOPE = 'https://api.botframework.com/.default';

/** A failed call to the Bot Connector service: its status and, on 429 and 503, how long to wait. */
export class ConnectorError extends Error {
  override name = 'ConnectorError';
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
  /** Worth another try later: throttled, or the service failing. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** What the bot sends through the Bot Connector service. */
export type Connector = {
  /** Posts a new activity to the conversation; answers its id. */
  send(ref: ConversationReference, activity: OutboundActivity): Promise<{ id: string }>;
  /** Replaces an activity the bot sent earlier (a card's new state). */
  update(ref: ConversationReference, activityId: string, activity: OutboundActivity): Promise<void>;
};

/** How the connector reaches the service and proves it is the bot. */
export type ConnectorConfig = {
  appId: string;
  appSecret: string;
  /** Production: Microsoft's (`BOT_TOKEN_URL`); the emulator's in development and tests. */
  tokenUrl?: string;
  /** Service URLs the bot may call (the activity names it; a stored reference could be tampered with). */
  trustServiceUrl: (serviceUrl: string) => boolean;
  fetch?: typeof fetch;
  now?: () => number;
};

function retryAfter(res: Response): number | null {
  const value = res.headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/**
 * The Bot Connector REST client: an app token by client credentials (kept until 5 minutes before it expires, fetched
 * again once when the service answers 401), then `v3/conversations/{id}/activities`.
 */
export function createConnector(config: ConnectorConfig): Connector {
  const get = config.fetch ?? fetch;
  const now = config.now ?? Date.now;
  let token: { value: string; until: number } | null = null;

  async function appToken(): Promise<string> {
    if (token && token.until > now()) return token.value;
    const res = await get(config.tokenUrl ?? BOT_TOKEN_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.appId,
        client_secret: config.appSecret,
        scope: SCOPE,
      }),
    });
    if (!res.ok) throw new ConnectorError(res.status, `bot token: ${res.status} ${await res.text()}`, retryAfter(res));
    const body = (await res.json()) as { access_token: string; expires_in: number };
    token = { value: body.access_token, until: now() + (body.expires_in - 300) * 1000 };
    return token.value;
  }

  async function call(method: 'POST' | 'PUT', ref: ConversationReference, path: string, body: unknown) {
    if (!config.trustServiceUrl(ref.serviceUrl))
      throw new ConnectorError(400, `untrusted service URL ${ref.serviceUrl}`, null);
    const url = `${ref.serviceUrl.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(ref.conversation.id)}/activities${path}`;
    for (let attempt = 0; ; attempt++) {
      const res = await get(url, {
        method,
        headers: { authorization: `Bearer ${await appToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status === 401 && attempt === 0) {
        token = null;
        continue;
      }
      if (!res.ok)
        throw new ConnectorError(res.status, `${method} ${path || 'activities'}: ${res.status}`, retryAfter(res));
      return (await res.json().catch(() => ({}))) as { id?: string };
    }
  }

  const envelope = (ref: ConversationReference, activity: OutboundActivity) => ({
    ...activity,
    from: ref.bot,
    recipient: ref.user,
    conversation: ref.conversation,
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
  });
  return {
    async send(ref, activity) {
      const res = await call('POST', ref, '', envelope(ref, activity));
      if (!res.id) throw new ConnectorError(502, 'the service gave the activity no id', null);
      return { id: res.id };
    },
    async update(ref, activityId, activity) {
      await call('PUT', ref, `/${encodeURIComponent(activityId)}`, { ...envelope(ref, activity), id: activityId });
    },
  };
}
