import { PivotalClient } from '@pivotal-pm/sdk';
import { createDevSession, onSystemThemeChange, systemTheme } from '../../shared/host/devSession';
import type { MailboxHost, MailItem } from '../../shared/host/mailbox';
import { browserOfferStore } from '../../shared/host/sendOffers';
import type { HostTheme } from '../../shared/host/types';

/**
 * The pane in a plain browser (`npm start`, tests): the dev sign-in, and a demo message chosen from the signed-in
 * user's synced mail (the seeded mailboxes) standing in for the one Outlook would have open. A demo reply stands in
 * for Outlook's compose window: templates go into its body, and its Send goes through the API.
 */
export function createStandaloneMailboxHost(apiBase: string): MailboxHost {
  const session = createDevSession(apiBase, 'pivotal.outlook.session');
  const api = new PivotalClient({ baseUrl: apiBase, getToken: async () => session.token() ?? '' });
  const themeListeners = new Set<(t: HostTheme) => void>();
  const itemListeners = new Set<() => void>();
  let current: MailItem | null = null;
  let draftBody = '';
  const show = (item: MailItem | null) => {
    current = item;
    for (const l of itemListeners) l();
  };
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
      draftBody = '';
      show(item);
    },
    // Offers are kept per signed-in user: another demo user never sees them.
    offers: browserOfferStore(localStorage, () => `pivotal.outlook.offers.${session.email() ?? ''}`),
    async insertHtml(html, subject) {
      draftBody += html;
      if (current?.mode === 'compose' && current.subject === '' && subject !== '') show({ ...current, subject });
    },
    async sendDemo(item) {
      await api.mail.message.send({
        to: item.to.map((a) => a.address),
        cc: item.cc.map((a) => a.address),
        subject: item.subject,
        body: { contentType: 'html', content: draftBody || '<p>Sent from the Pivotal pane demo.</p>' },
      });
    },
  };
  onSystemThemeChange((theme) => {
    host.theme = theme;
    for (const l of themeListeners) l(theme);
  });
  return host;
}

/** The demo reply to a read item: what Outlook's Reply opens, addressed to its sender. */
export function demoReply(item: MailItem): MailItem {
  return {
    mode: 'compose',
    internetMessageId: null,
    subject: /^re:/i.test(item.subject) ? item.subject : `Re: ${item.subject}`,
    from: null,
    to: item.from ? [item.from] : [],
    cc: [],
    createdAt: null,
  };
}
