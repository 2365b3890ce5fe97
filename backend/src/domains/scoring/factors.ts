import { maxIdleHours, type SlaPolicy } from '@pivotal-pm/sdk';

/** The opportunity factors a tenant weighs, and the contact factors (the same weights map holds both). */
export const OPPORTUNITY_FACTORS = [
  'recency',
  'multiThreading',
  'stageAge',
  'sequenceProgress',
  'closeDateSlippage',
  'amountChange',
] as const;
export const CONTACT_FACTORS = ['contactRecency', 'contactResponses'] as const;
export type FactorName = (typeof OPPORTUNITY_FACTORS)[number] | (typeof CONTACT_FACTORS)[number];

/** A tenant's scoring settings (the defaults until an admin changes them with `score.config.update`). */
export type ScoringConfig = {
  weights: Record<FactorName, number>;
  thresholds: { atRisk: number; healthy: number };
  decayDays: number;
};

export const DEFAULT_SCORING: ScoringConfig = {
  weights: {
    recency: 0.3,
    multiThreading: 0.2,
    stageAge: 0.2,
    sequenceProgress: 0.1,
    closeDateSlippage: 0.1,
    amountChange: 0.1,
    contactRecency: 0.6,
    contactResponses: 0.4,
  },
  thresholds: { atRisk: 40, healthy: 70 },
  decayDays: 30,
};

/** What an opportunity's score reads (gathered in one query per batch). */
export type OpportunityInputs = {
  stage: string;
  slaPolicy: SlaPolicy;
  stageEnteredAt: Date;
  closeDate: string | null;
  amount: number;
  firstAmount: number;
  closeDatePushes: number;
  /** The last human email, call or meeting with the deal's people; null: none. */
  lastHumanAt: Date | null;
  /** Distinct contacts in human engagements within the decay window. */
  contactsEngaged: number;
  /** Progress (0..1) of the deal's live or finished sequence enrollments; null: none. */
  sequenceProgress: number | null;
};

export type ContactInputs = { lastHumanAt: Date | null; responses: number };

export type Factor = { name: FactorName; weight: number; value: number; contribution: number };
export type Scored = { score: number; factors: Factor[] };

const DAY = 86_400_000;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Recency: 1 for a touch now, falling linearly to 0 at `decayDays`; 0 with no touch. */
export function recencyValue(last: Date | null, now: Date, decayDays: number): number {
  if (last === null) return 0;
  return clamp01(1 - (now.getTime() - last.getTime()) / (decayDays * DAY));
}

/**
 * Stage age against the SLA: full marks while the deal has been in its stage no longer than the stage's allowance
 * (its idle limit, or 14 days when it has none), falling to 0 at three times the allowance.
 */
export function stageAgeValue(i: Pick<OpportunityInputs, 'stage' | 'slaPolicy' | 'stageEnteredAt'>, now: Date): number {
  const hours = maxIdleHours(i.slaPolicy, i.stage);
  const allowance = hours === null ? 14 : Math.max(hours / 24, 1);
  const age = (now.getTime() - i.stageEnteredAt.getTime()) / DAY;
  return clamp01(1 - (age - allowance) / (2 * allowance));
}

/** Close date slippage: 0 when the close date has passed with the deal still open; a quarter off per push later. */
export function slippageValue(i: Pick<OpportunityInputs, 'closeDate' | 'closeDatePushes'>, now: Date): number {
  if (i.closeDate !== null && Date.parse(`${i.closeDate}T23:59:59Z`) < now.getTime()) return 0;
  return clamp01(1 - 0.25 * i.closeDatePushes);
}

/** Amount change: 1 when the amount held or grew since the deal was recorded, else the share kept. */
export function amountValue(i: Pick<OpportunityInputs, 'amount' | 'firstAmount'>): number {
  if (i.firstAmount <= 0) return 1;
  return clamp01(i.amount / i.firstAmount);
}

/** The weighted sum of factor values as 0..100, with each factor's share of it. */
function weigh(values: [FactorName, number][], weights: Record<FactorName, number>): Scored {
  const total = values.reduce((sum, [name]) => sum + (weights[name] ?? 0), 0);
  const factors = values.map(([name, value]) => {
    const weight = weights[name] ?? 0;
    return {
      name,
      weight,
      value: round3(value),
      contribution: total === 0 ? 0 : Math.round(((weight * value) / total) * 1000) / 10,
    };
  });
  const raw = total === 0 ? 0 : values.reduce((sum, [name, v]) => sum + (weights[name] ?? 0) * v, 0) / total;
  return { score: Math.round(clamp01(raw) * 100), factors };
}

/** An opportunity's health score 0..100 and its factors. */
export function scoreOpportunity(i: OpportunityInputs, config: ScoringConfig, now: Date): Scored {
  return weigh(
    [
      ['recency', recencyValue(i.lastHumanAt, now, config.decayDays)],
      ['multiThreading', clamp01(i.contactsEngaged / 3)],
      ['stageAge', stageAgeValue(i, now)],
      // No sequence: neutral, neither rewarded nor punished.
      ['sequenceProgress', i.sequenceProgress ?? 0.5],
      ['closeDateSlippage', slippageValue(i, now)],
      ['amountChange', amountValue(i)],
    ],
    config.weights,
  );
}

/** A contact's engagement score 0..100: how recently they were in touch, and how often they answered. */
export function scoreContact(i: ContactInputs, config: ScoringConfig, now: Date): Scored {
  return weigh(
    [
      ['contactRecency', recencyValue(i.lastHumanAt, now, config.decayDays)],
      ['contactResponses', clamp01(i.responses / 3)],
    ],
    config.weights,
  );
}

/** The health band of a score under the tenant's thresholds. */
export function healthOf(score: number, thresholds: ScoringConfig['thresholds']): 'healthy' | 'at_risk' | 'stalled' {
  if (score >= thresholds.healthy) return 'healthy';
  return score >= thresholds.atRisk ? 'at_risk' : 'stalled';
}
