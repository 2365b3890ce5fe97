import type { Me, Opportunity, Pipeline } from '@pivotal-pm/sdk';
import { can } from './api';

/**
 * What the caller may do to an opportunity, mirroring the server exactly so the tab never offers what the API refuses:
 *
 * - every change (`opportunity.update`, `moveStage`, `win`, `lose`) needs `opportunity.write` and goes through
 *   `loadForChange` (backend `domains/pipelines/opportunities.ts`): the deal must not be won or lost, and
 *   `assertOwnerOrManager` lets only its owner change it, unless the caller holds `ownership.override` (managers,
 *   admins) or is an API key;
 * - a stage move (and winning or losing) also needs the pipeline active (`pipeline_archived` otherwise).
 */
export function mayChange(me: Me | undefined, opp: Pick<Opportunity, 'ownerId' | 'status'>): boolean {
  if (!me || !can(me, 'opportunity.write')) return false;
  if (opp.status === 'won' || opp.status === 'lost') return false;
  if (can(me, 'ownership.override') || me.principal.kind === 'apiKey') return true;
  return me.user !== null && opp.ownerId === me.user.id;
}

/** True when the caller may move the card to another stage (see `mayChange`; the pipeline must be active). */
export function mayMove(
  me: Me | undefined,
  opp: Pick<Opportunity, 'ownerId' | 'status'>,
  pipeline: Pick<Pipeline, 'active'>,
): boolean {
  return pipeline.active && mayChange(me, opp);
}

/** True when the caller may create opportunities (they become their owner). */
export const mayCreate = (me: Me | undefined): boolean => can(me, 'opportunity.write') && (me?.user ?? null) !== null;

/**
 * True when the board opens on the caller's own deals: a user who may write opportunities but only their own (a
 * rep). Managers and admins (`ownership.override`) and read-only roles open on every deal.
 */
export const opensOnOwnDeals = (me: Me | undefined): boolean =>
  (me?.user ?? null) !== null && can(me, 'opportunity.write') && !can(me, 'ownership.override');

/** The owner the board filters on when the address names none: the caller for a rep, nobody (all) otherwise. */
export const defaultOwnerOf = (me: Me | undefined): string | undefined =>
  opensOnOwnDeals(me) ? me!.user!.id : undefined;

/**
 * True for the agency's own people; false for client viewers and approvers, whose client scope (`clientIds`) is a
 * list. Agency-internal cues (Idle / SLA badges) are for the agency only.
 */
export const isAgencyInternal = (me: Me | undefined): boolean => me !== undefined && me.clientIds === null;
