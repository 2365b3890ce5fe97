import { FaultQueue } from './faults';
import { personalConversationId, teamsUserId } from './identity';
import type { EmulatorKeys } from './keys';
import { RateLimiter } from './rateLimit';
import type {
  BotRegistration,
  ConnectorOperation,
  EmulatorStats,
  RateLimitRule,
  RecordedActivity,
  TeamsUser,
} from './types';

/** A personal conversation the emulator knows: its bot and its user. */
export type KnownConversation = { conversationId: string; botAppId: string; userId: string; user: TeamsUser };

const emptyStats = (): EmulatorStats => ({
  tokensIssued: 0,
  accepted: 0,
  rateLimited: 0,
  injectedFaults: 0,
  tooManyRequests: 0,
  unauthorized: 0,
});

/** Everything the emulator's routes share: bots, users, conversations, the record, limits, faults and counters. */
export class ConnectorState {
  readonly bots = new Map<string, BotRegistration>();
  /** Users by Teams id (`29:...`). */
  private readonly users = new Map<string, TeamsUser>();
  private readonly conversations = new Map<string, KnownConversation>();
  /** The bot's own activity ids per conversation (what an update may target). */
  private readonly botActivities = new Map<string, Set<string>>();
  /** Conversations whose user removed the bot (until they add it again). */
  private readonly removed = new Set<string>();
  private log: RecordedActivity[] = [];
  readonly faults = new FaultQueue();
  readonly limiter: RateLimiter;
  stats: EmulatorStats = emptyStats();

  constructor(
    readonly keys: EmulatorKeys,
    readonly now: () => number,
    rules: readonly RateLimitRule[],
  ) {
    this.limiter = new RateLimiter(rules, now);
  }

  /** Registers (or replaces) a bot; the backend calls this once it knows its port. */
  registerBot(bot: BotRegistration): void {
    this.bots.set(bot.appId, bot);
  }

  /** The bot with this app id, or the first registered one when no id is given. */
  bot(appId?: string): BotRegistration | undefined {
    return appId ? this.bots.get(appId) : this.bots.values().next().value;
  }

  /** Remembers a user (later calls update the name and tenant) and answers their Teams id. */
  rememberUser(user: TeamsUser): string {
    const id = teamsUserId(user.aadObjectId);
    this.users.set(id, { ...user });
    return id;
  }

  /** A known user by Teams id or Entra object id. */
  user(id: string): TeamsUser | undefined {
    return this.users.get(id) ?? this.users.get(teamsUserId(id));
  }

  /** The personal conversation of a bot and a known user, made on first use (same pair, same id). */
  conversationFor(botAppId: string, user: TeamsUser): KnownConversation {
    const userId = this.rememberUser(user);
    const conversationId = personalConversationId(botAppId, userId);
    const found = this.conversations.get(conversationId);
    if (found) return found;
    const made = { conversationId, botAppId, userId, user };
    this.conversations.set(conversationId, made);
    return made;
  }

  /** A known conversation by id. */
  conversation(conversationId: string): KnownConversation | undefined {
    return this.conversations.get(conversationId);
  }

  /** Marks the bot as installed for the conversation's user or not (installationUpdate add / remove). */
  setInstalled(conversationId: string, installed: boolean): void {
    if (installed) this.removed.delete(conversationId);
    else this.removed.add(conversationId);
  }

  /** Whether the bot is installed for the conversation's user (true unless they removed it). */
  isInstalled(conversationId: string): boolean {
    return !this.removed.has(conversationId);
  }

  /** Every known personal conversation, in the order they were made. */
  listConversations(): KnownConversation[] {
    return [...this.conversations.values()];
  }

  /** Whether the bot sent (or replied with) this activity in this conversation. */
  hasBotActivity(conversationId: string, activityId: string): boolean {
    return this.botActivities.get(conversationId)?.has(activityId) ?? false;
  }

  /** Records an accepted write. */
  record(operation: ConnectorOperation, conversationId: string, activityId: string, activity: Record<string, unknown>) {
    const ids = this.botActivities.get(conversationId) ?? new Set<string>();
    ids.add(activityId);
    this.botActivities.set(conversationId, ids);
    this.log.push({ operation, conversationId, activityId, activity, at: new Date(this.now()).toISOString() });
    this.stats.accepted += 1;
  }

  /** The record, in order, of one conversation or of all. */
  recorded(conversationId?: string): RecordedActivity[] {
    return this.log.filter((entry) => conversationId === undefined || entry.conversationId === conversationId);
  }

  /** Clears the record, rate-limit budgets, queued faults and counters (bots, users and conversations stay). */
  reset(): void {
    // The bot's activities still exist in Teams after a reset, so they stay updatable.
    this.log = [];
    this.limiter.reset();
    this.faults.clear();
    this.stats = emptyStats();
  }
}
