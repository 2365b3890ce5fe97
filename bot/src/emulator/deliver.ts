import type { TeamsActivity } from './activityTypes';
import { botAppIdOf } from './identity';
import type { ConnectorState } from './state';
import type { DeliveryResult, InboundAuth } from './types';

/** Options of `deliver`: how to sign the activity (default `valid`). */
export type DeliverOptions = { auth?: InboundAuth };

/**
 * POSTs an activity to its bot's messaging endpoint as the Bot Connector does, with a bearer JWT signed as asked;
 * the bot is the activity's recipient (`28:<appId>`). Remembers the sender and their conversation.
 */
export async function deliverActivity(
  state: ConnectorState,
  activity: TeamsActivity,
  options: DeliverOptions = {},
): Promise<DeliveryResult> {
  const appId = botAppIdOf(activity.recipient.id);
  const bot = state.bot(appId);
  if (!bot) throw new Error(`No bot registered with app id ${appId}`);
  // An activity from a user makes them known (so the bot can create or reuse the conversation proactively).
  if (activity.from.aadObjectId) {
    const { conversationId } = state.conversationFor(appId, {
      aadObjectId: activity.from.aadObjectId,
      name: activity.from.name ?? '',
      tenantId: activity.conversation.tenantId,
    });
    if (activity.type === 'installationUpdate') state.setInstalled(conversationId, activity.action !== 'remove');
  }
  const authorization = await state.keys.inboundToken(appId, activity.serviceUrl, options.auth ?? 'valid');
  const response = await fetch(bot.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      ...(authorization ? { Authorization: authorization } : {}),
    },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  return { status: response.status, body: parseBody(text, response.headers.get('content-type')) };
}

// Invoke answers are JSON; anything else (an empty 200, an error page) comes back as text or null.
function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return null;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
