import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HostTheme, TeamsHost } from '../../shared/host/types';
import { App } from '../../teams-tab/src/App';
import { fakeApi, ids, opp } from './fakeApi';

/** A TeamsHost double: Teams-like (token at once) or standalone (sign-in first). */
function fakeHost(kind: 'teams' | 'standalone', theme: HostTheme = 'light') {
  let token: string | null = kind === 'teams' ? 'sso-token' : null;
  const listeners = new Set<(t: HostTheme) => void>();
  const signIns: string[] = [];
  const host: TeamsHost = {
    kind,
    theme,
    userHint: kind === 'teams' ? 'rep@acme.test' : null,
    onThemeChange: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    getToken: async () => token,
    ...(kind === 'standalone'
      ? {
          signIn: async (tenant: string, email: string) => {
            signIns.push(`${tenant}:${email}`);
            token = 'dev-token';
          },
          signOut: () => {
            token = null;
          },
        }
      : {}),
  };
  return {
    host,
    signIns,
    setTheme: (t: HostTheme) => {
      for (const l of listeners) l(t);
    },
  };
}

describe('Teams tab App', () => {
  it('inside Teams: no sign-in, the SSO token reaches the API, the host theme applies and follows changes', async () => {
    const api = fakeApi([opp({ name: 'Teams deal' })]);
    const { host, setTheme } = fakeHost('teams', 'dark');
    const { container } = render(<App host={host} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    expect(await screen.findByText('Teams deal')).toBeTruthy();
    expect(screen.queryByText(/sign in as a demo user/)).toBeNull();
    expect(new Set(api.calls.map((c) => c.auth))).toEqual(new Set(['Bearer sso-token']));
    expect(container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('dark');
    setTheme('contrast');
    await waitFor(() => expect(container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('contrast'));
  });

  it('standalone: shows the seeded-user picker, signs in through the host and opens the board', async () => {
    const api = fakeApi([opp({ name: 'Standalone deal' })]);
    const { host, signIns } = fakeHost('standalone');
    render(<App host={host} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    fireEvent.click(await screen.findByTestId('signin-manager'));
    expect(await screen.findByText('Standalone deal')).toBeTruthy();
    expect(signIns).toEqual(['acme:manager@acme.test']);
    expect(api.calls[0]?.auth).toBe('Bearer dev-token');
  });

  it("opens a rep's board on their own deals; 'Any owner' shows everyone's and lands in the address", async () => {
    const api = fakeApi([opp({ name: 'My own deal' }), opp({ name: 'Colleague deal', ownerId: ids.other })]);
    const { host } = fakeHost('teams');
    render(<App host={host} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    expect(await screen.findByText('My own deal')).toBeTruthy();
    expect(screen.queryByText('Colleague deal')).toBeNull();
    const lists = api.calls.filter((c) => c.op === 'opportunity.list');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((c) => c.input.ownerId === ids.rep)).toBe(true);
    const owner = await screen.findByRole('combobox', { name: 'Owner' });
    expect(owner.textContent).toBe('My deals');
    expect(window.location.search).not.toContain('owner=');

    fireEvent.click(owner);
    fireEvent.click(await screen.findByRole('option', { name: 'Any owner' }));
    expect(await screen.findByText('Colleague deal')).toBeTruthy();
    expect(new URLSearchParams(window.location.search).get('owner')).toBe('all');
    expect(screen.queryByRole('button', { name: /Clear filters/ })).toBeTruthy();

    fireEvent.click(screen.getByRole('combobox', { name: 'Owner' }));
    fireEvent.click(await screen.findByRole('option', { name: 'My deals' }));
    await waitFor(() => expect(screen.queryByText('Colleague deal')).toBeNull());
    expect(new URLSearchParams(window.location.search).get('owner')).toBeNull();
  });

  it("opens a manager's board on every owner's deals", async () => {
    const api = fakeApi([opp({ name: 'Rep deal', ownerId: ids.other })], 'salesManager');
    const { host } = fakeHost('teams');
    render(<App host={host} baseUrl="http://pivotal.test" fetch={api.fetch} />);
    expect(await screen.findByText('Rep deal')).toBeTruthy();
    expect(api.calls.filter((c) => c.op === 'opportunity.list').every((c) => c.input.ownerId === undefined)).toBe(true);
    expect((await screen.findByRole('combobox', { name: 'Owner' })).textContent).toBe('Any owner');
  });
});
