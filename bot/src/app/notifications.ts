import type { AdaptiveCard } from '../cards/index';
import { digestCard, type DigestPeriod } from './digest';
import { dayPromptFor } from './nbaCards';
import { loadBreach, slaReminderFor } from './slaCards';
import type { BotDeps, BotUser } from './types';

/** A proactive card to build: its kind and what it is built from (the outbox row's payload). */
export type NotificationToRender = { kind: string; payload: Record<string, unknown> };

/**
 * Builds a queued card as its recipient sees it now, through the API. Null when it no longer makes sense (the breach
 * cleared or is gone before the card went out): the delivery records it as skipped instead of sending stale news.
 */
export async function renderNotification(
  deps: BotDeps,
  user: BotUser,
  notification: NotificationToRender,
  teamsUserId: string,
): Promise<AdaptiveCard | null> {
  const p = notification.payload;
  if (notification.kind === 'sla_reminder' || notification.kind === 'sla_escalation') {
    const breach = typeof p.breachId === 'string' ? await loadBreach(user, p.breachId) : null;
    if (!breach || breach.clearedAt) return null;
    return slaReminderFor(
      deps,
      user,
      breach,
      notification.kind === 'sla_escalation' ? 'manager' : 'owner',
      teamsUserId,
    );
  }
  if (notification.kind === 'digest') {
    const period = p as DigestPeriod;
    return digestCard(deps, user, { period: period.period, from: period.from, to: period.to });
  }
  if (notification.kind === 'nba_prompt') return dayPromptFor(deps, user, teamsUserId);
  return null;
}
