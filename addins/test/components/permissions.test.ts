import type { Me } from '@pivotal-pm/sdk';
import { describe, expect, it } from 'vitest';
import { isAgencyInternal, mayChange, mayCreate, mayMove, opensOnOwnDeals } from '../../shared/data/permissions';
import { me } from './fakeApi';

const rep = me('salesRep');
const mine = { ownerId: rep.user!.id, status: 'open' as const };
const theirs = { ownerId: '00000000-0000-7000-8000-0000000000ff', status: 'open' as const };
const active = { active: true };
const withPermissions = (base: Me, extra: Me['permissions']): Me => ({
  ...base,
  permissions: [...base.permissions, ...extra],
});

describe('permissions (mirroring the server)', () => {
  it('lets a rep change and move only their own open deals', () => {
    expect(mayMove(rep, mine, active)).toBe(true);
    expect(mayMove(rep, theirs, active)).toBe(false);
    expect(mayChange(rep, theirs)).toBe(false);
    expect(mayChange(rep, { ...mine, status: 'won' })).toBe(false);
    expect(mayChange(rep, { ...mine, status: 'onHold' })).toBe(true);
    expect(mayMove(rep, mine, { active: false })).toBe(false);
  });

  it('lets ownership.override (managers, admins) and API keys change anyone’s deal', () => {
    const manager = withPermissions(rep, ['ownership.override']);
    expect(mayMove(manager, theirs, active)).toBe(true);
    expect(mayChange({ ...rep, user: null, principal: { kind: 'apiKey', actor: 'key' } }, theirs)).toBe(true);
  });

  it('lets nobody without opportunity.write change anything', () => {
    const viewer = me('clientViewer');
    expect(mayChange(viewer, { ...theirs, ownerId: viewer.user!.id })).toBe(false);
    expect(mayCreate(viewer)).toBe(false);
    expect(mayCreate(rep)).toBe(true);
    expect(mayChange(undefined, mine)).toBe(false);
  });

  it('opens a rep on their own deals, everyone else on all; client roles are not internal', () => {
    expect(opensOnOwnDeals(rep)).toBe(true);
    expect(opensOnOwnDeals(withPermissions(rep, ['ownership.override']))).toBe(false);
    expect(opensOnOwnDeals(me('clientViewer'))).toBe(false);
    expect(isAgencyInternal(rep)).toBe(true);
    expect(isAgencyInternal(me('clientViewer'))).toBe(false);
  });
});
