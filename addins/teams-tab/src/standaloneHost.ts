import type { HostTheme, TeamsHost } from '../../shared/host/types';

const STORAGE_KEY = 'pivotal.teamsTab.session';
type Session = { token: string; expiresAt: string; email: string };

function systemTheme(): HostTheme {
  const asked = new URLSearchParams(window.location.search).get('theme');
  if (asked === 'dark' || asked === 'light' || asked === 'contrast') return asked;
  if (window.matchMedia?.('(forced-colors: active)').matches) return 'contrast';
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function readSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    // A token about to expire is useless for a session: sign in again.
    return s && Date.parse(s.expiresAt) - Date.now() > 60_000 ? s : null;
  } catch {
    return null;
  }
}

/** The host of a plain browser: theme from the system (or `?theme=`), tokens from the dev issuer's sign-in. */
export function createStandaloneHost(apiBase: string): TeamsHost {
  let session = readSession();
  const listeners = new Set<(t: HostTheme) => void>();
  const host: TeamsHost = {
    kind: 'standalone',
    theme: systemTheme(),
    userHint: session?.email ?? null,
    onThemeChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async getToken() {
      session = readSession();
      return session?.token ?? null;
    },
    async signIn(tenant, email) {
      const res = await fetch(`${apiBase}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant, email, ttlSeconds: 8 * 3600 }),
      });
      const body = (await res.json()) as { data?: { token: string; expiresAt: string }; error?: { message: string } };
      if (!res.ok || !body.data) throw new Error(body.error?.message ?? `Sign-in failed (${res.status})`);
      session = { ...body.data, email };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
      host.userHint = email;
    },
    signOut() {
      sessionStorage.removeItem(STORAGE_KEY);
      session = null;
      host.userHint = null;
    },
  };
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
    host.theme = systemTheme();
    for (const l of listeners) l(host.theme);
  });
  return host;
}
