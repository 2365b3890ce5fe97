import { ConflictError, NotFoundError, PermissionError, ValidationError } from '@pivotal-pm/sdk';
import { asAttachment, helpCard, CARD_CONTENT_TYPE, type AdaptiveCard } from '../cards/index';
import { referenceOf, type InboundActivity, type OutboundActivity } from '../channel/index';
import { cardActionOf, performAction } from './actions';
import { answer, commandOf } from './commands';
import { cardContextOf, type BotDeps, type BotUser } from './types';

/** What the HTTP endpoint answers: the status and, for an invoke, its body. */
export type BotResponse = { status: number; body?: unknown };

const cardMessage = (card: AdaptiveCard): OutboundActivity => ({ type: 'message', attachments: [asAttachment(card)] });
const textMessage = (text: string): OutboundActivity => ({ type: 'message', text });

const NOT_LINKED =
  "I can't find you in Pivotal: ask your Pivotal admin to invite you with this Microsoft 365 account, then say hi again.";

/** The invoke response that replaces a card in place (universal actions), or shows a message. */
function invokeAnswer(outcome: { card: AdaptiveCard } | { message: string }): BotResponse {
  return 'card' in outcome
    ? { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: outcome.card } }
    : {
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: outcome.message },
      };
}

/**
 * The Teams bot: personal install and uninstall (the conversation reference is stored through the API), the commands
 * `my tasks`, `my pipeline` and `help` (anything else answers help), and the cards' universal actions. Every call to
 * Pivotal goes through the SDK as the person in the chat; someone Pivotal does not know is told so and nothing else
 * happens.
 */
export function createPivotalBot(deps: BotDeps) {
  async function userOf(activity: InboundActivity): Promise<BotUser | null> {
    const aadObjectId = activity.from.aadObjectId;
    const tenantId = activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
    if (!aadObjectId || !tenantId) return null;
    return deps.userFor({ aadObjectId, tenantId });
  }
  const reply = (activity: InboundActivity, message: OutboundActivity) =>
    deps.connector.send(referenceOf(activity), message);

  async function onInstall(activity: InboundActivity, user: BotUser | null): Promise<void> {
    if (!user) return void (await reply(activity, textMessage(NOT_LINKED)));
    await user.client.bot.installation.save({ reference: referenceOf(activity) });
    await reply(activity, cardMessage(helpCard(cardContextOf(deps, user))));
  }

  return {
    /** Handles one authenticated activity. */
    async handle(activity: InboundActivity): Promise<BotResponse> {
      const user = await userOf(activity);
      if (activity.type === 'installationUpdate') {
        if (activity.action === 'remove' || activity.action === 'remove-upgrade') {
          if (user) await user.client.bot.installation.remove({});
        } else await onInstall(activity, user);
        return { status: 200 };
      }
      if (activity.type === 'conversationUpdate') {
        const botAdded = activity.membersAdded?.some((m) => m.id === activity.recipient.id);
        if (botAdded) await onInstall(activity, user);
        return { status: 200 };
      }
      if (activity.type === 'message') {
        if (!user) await reply(activity, textMessage(NOT_LINKED));
        else await reply(activity, cardMessage(await answer(deps, user, commandOf(activity.text))));
        return { status: 200 };
      }
      if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
        if (!user) return invokeAnswer({ message: NOT_LINKED });
        const action = cardActionOf(activity.value);
        if (!action)
          return {
            status: 400,
            body: {
              statusCode: 400,
              type: 'application/vnd.microsoft.error',
              value: { code: 'BadRequest', message: 'not an action of this bot' },
            },
          };
        try {
          return invokeAnswer(await performAction(deps, user, action, activity.from.id));
        } catch (error) {
          // The API said no (not allowed, gone, already done, bad input): the user reads why; the card stays.
          if (
            error instanceof PermissionError ||
            error instanceof NotFoundError ||
            error instanceof ConflictError ||
            error instanceof ValidationError
          )
            return invokeAnswer({ message: error.message });
          throw error;
        }
      }
      return { status: 200 };
    },
  };
}
/** The bot (see `createPivotalBot`). */
export type PivotalBot = ReturnType<typeof createPivotalBot>;
