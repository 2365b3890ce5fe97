import { createDevSession, onSystemThemeChange, systemTheme } from '../../shared/host/devSession';
import type { MailboxHost, MailItem } from '../../shared/host/mailbox';
import type { HostTheme } from '../../shared/host/types';

/**
 * The pane in a plain browser (`npm start`, tests): the dev sign-in, and a demo message chosen from the signed-in
 * user's synced mail (the seeded mailboxes) standing in for the one Outlook would have open.
 */
export function createStandaloneMailboxHost(apiBase: string): MailboxHost {
  const session = createDevSession(apiBase, 'pivotal.outlook.session');
  const themeListeners = new Set<(t: HostTheme) => void>();
  const itemListeners = new Set<() => void>();
  let current: MailItem | null = null;
  const host: MailboxHost = {
    kind: 'standalone',
    theme: systemTheme(),
    userHint: session.email(),
    onThemeChange(listener) {
      themeListeners.add(listener);
      return () => themeListeners.delete(listener);
    },
    item: async () => current,
    onItemChange(listener) {
      itemListeners.add(listener);
      return () => itemListeners.delete(listener);
    },
    getToken: async () => session.token(),
    async signIn(tenant, email) {
      await session.signIn(tenant, email);
      host.userHint = email;
    },
    signOut() {
      session.signOut();
      host.userHint = null;
      current = null;
    },
    chooseItem(item) {
      current = item;
      for (const l of itemListeners) l();
    },
  };
  onSystemThemeChange((theme) => {
    host.theme = theme;
    for (const l of themeListeners) l(theme);
  });
  return host;
}
