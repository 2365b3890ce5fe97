import type { HostTheme, TeamsHost } from './types';

type Session = { token: string; expiresAt: string; email: string };

/** The theme of a plain browser: `?theme=` when given, else the system's (forced colours mean high contrast). */
export function systemTheme(): HostTheme {
  const asked = new URLSearchParams(window.location.search).get('theme');
  if (asked === 'dark' || asked === 'light' || asked === 'contrast') return asked;
  if (window.matchMedia?.('(forced-colors: active)').matches) return 'contrast';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls `listener` when the system theme changes. */
export function onSystemThemeChange(listener: (theme: HostTheme) => void): void {
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => listener(systemTheme()));
}

/**
 * The dev sign-in of a standalone app: a token for a seeded user from the dev issuer (`POST /dev/token`, on outside
 * production only), kept in `sessionStorage` under `storageKey` for this tab.
 */
export function createDevSession(apiBase: string, storageKey: string) {
  const read = (): Session | null => {
    try {
      const s = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null') as Session | null;
      // A token about to expire is useless for a session: sign in again.
      return s && Date.parse(s.expiresAt) - Date.now() > 60_000 ? s : null;
    } catch {
      return null;
    }
  };
  return {
    email: () => read()?.email ?? null,
    token: () => read()?.token ?? null,
    async signIn(tenant: string, email: string): Promise<void> {
      const res = await fetch(`${apiBase}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant, email, ttlSeconds: 8 * 3600 }),
      });
      const body = (await res.json()) as { data?: { token: string; expiresAt: string }; error?: { message: string } };
      if (!res.ok || !body.data) throw new Error(body.error?.message ?? `Sign-in failed (${res.status})`);
      sessionStorage.setItem(storageKey, JSON.stringify({ ...body.data, email }));
    },
    signOut(): void {
      sessionStorage.removeItem(storageKey);
    },
  };
}

/** The Teams tab's host in a plain browser: theme from the system (or `?theme=`), tokens from the dev sign-in. */
export function createStandaloneHost(apiBase: string): TeamsHost {
  const session = createDevSession(apiBase, 'pivotal.teamsTab.session');
  const listeners = new Set<(t: HostTheme) => void>();
  const host: TeamsHost = {
    kind: 'standalone',
    theme: systemTheme(),
    userHint: session.email(),
    onThemeChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async getToken() {
      return session.token();
    },
    async signIn(tenant, email) {
      await session.signIn(tenant, email);
      host.userHint = email;
    },
    signOut() {
      session.signOut();
      host.userHint = null;
    },
  };
  onSystemThemeChange((theme) => {
    host.theme = theme;
    for (const l of listeners) l(theme);
  });
  return host;
}
