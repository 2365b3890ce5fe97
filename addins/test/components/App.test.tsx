import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HostTheme, TeamsHost } from '../../shared/host/types';
import { App } from '../../teams-tab/src/App';
import { fakeApi, opp } from './fakeApi';

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
});
