/// <reference types="office-js" />
import { createNestablePublicClientApplication } from '@azure/msal-browser';
import type { MailAddress, MailboxHost, MailItem } from '../../shared/host/mailbox';
import type { OfferStore, SendOffer } from '../../shared/host/sendOffers';
import type { HostTheme } from '../../shared/host/types';
import { paneTokenSource, type PaneAuthConfig } from './signIn';

/** office.js as Microsoft serves it (the npm package is unsupported): loaded into the page in Outlook only. */
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

function loadOfficeJs(): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = OFFICE_JS;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('office.js could not be loaded'));
    document.head.appendChild(script);
  });
}

const address = (a: Office.EmailAddressDetails): MailAddress => ({
  name: a.displayName ?? '',
  address: a.emailAddress,
});

/** Reads a compose item's recipients (asynchronous in compose mode). */
function recipients(field: Office.Recipients): Promise<MailAddress[]> {
  return new Promise((resolve) =>
    field.getAsync((r) => resolve(r.status === Office.AsyncResultStatus.Succeeded ? r.value.map(address) : [])),
  );
}

function composeSubject(subject: Office.Subject): Promise<string> {
  return new Promise((resolve) =>
    subject.getAsync((r) => resolve(r.status === Office.AsyncResultStatus.Succeeded ? r.value : '')),
  );
}

/** The open item as the pane reads it, in read or compose mode; null when nothing is selected. */
async function readItem(): Promise<MailItem | null> {
  const item = Office.context.mailbox.item;
  if (!item) return null;
  if (typeof item.subject === 'string') {
    const read = item as Office.MessageRead;
    return {
      mode: 'read',
      internetMessageId: read.internetMessageId || null,
      subject: read.subject,
      from: read.from ? address(read.from) : null,
      to: read.to.map(address),
      cc: read.cc.map(address),
      createdAt: read.dateTimeCreated ? read.dateTimeCreated.toISOString() : null,
    };
  }
  const compose = item as Office.MessageCompose;
  return {
    mode: 'compose',
    internetMessageId: null,
    subject: await composeSubject(compose.subject),
    from: null,
    to: await recipients(compose.to),
    cc: await recipients(compose.cc),
    createdAt: null,
  };
}

const done = (resolve: () => void, reject: (e: Error) => void) => (r: Office.AsyncResult<void>) =>
  r.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(new Error(r.error.message));

/** Puts HTML at the cursor of the message being written, and its subject when the message has none yet. */
async function insertHtml(html: string, subject: string): Promise<void> {
  const item = Office.context.mailbox.item as Office.MessageCompose;
  if ((await composeSubject(item.subject)) === '' && subject !== '') {
    await new Promise<void>((resolve, reject) => item.subject.setAsync(subject, done(resolve, reject)));
  }
  await new Promise<void>((resolve, reject) =>
    item.body.setSelectedDataAsync(html, { coercionType: Office.CoercionType.Html }, done(resolve, reject)),
  );
}

const OFFERS_SETTING = 'pivotal.sendOffers';

/** After-send offers in the add-in's roaming settings: per mailbox, and they follow the rep to another device. */
function roamingOfferStore(): OfferStore {
  const settings = () => Office.context.roamingSettings;
  return {
    list: async () => {
      const value: unknown = settings().get(OFFERS_SETTING);
      return Array.isArray(value) ? (value as SendOffer[]) : [];
    },
    save: (offers) =>
      new Promise<void>((resolve, reject) => {
        settings().set(OFFERS_SETTING, offers);
        settings().saveAsync(done(resolve, reject));
      }),
  };
}

function officeTheme(): HostTheme {
  const theme = Office.context.officeTheme;
  if (!theme) return 'light';
  // Office gives colours, not a name: a dark body background means a dark theme.
  const hex = theme.bodyBackgroundColor.replace('#', '');
  const luminance =
    (parseInt(hex.slice(0, 2), 16) * 299 + parseInt(hex.slice(2, 4), 16) * 587 + parseInt(hex.slice(4, 6), 16) * 114) /
    1000;
  return luminance < 128 ? 'dark' : 'light';
}

/**
 * The host inside Outlook: loads office.js, reads the open item (and the next one when the pane is pinned), and
 * signs in with nested app authentication where the host supports it, else Office single sign-on: either way a token
 * for the app's Entra registration that the API validates like any Entra token.
 */
export async function createOfficeHost(): Promise<MailboxHost> {
  const [config] = await Promise.all([
    fetch(`${window.location.origin}/app/outlook/config.json`).then(
      (r) => (r.ok ? (r.json() as Promise<PaneAuthConfig>) : { clientId: null, scope: null }),
      () => ({ clientId: null, scope: null }),
    ),
    loadOfficeJs(),
  ]);
  await Office.onReady();
  const getToken = paneTokenSource({
    config,
    naaSupported: () => Office.context.requirements.isSetSupported('NestedAppAuth', '1.1'),
    createClient: (clientId) =>
      createNestablePublicClientApplication({
        auth: { clientId, authority: 'https://login.microsoftonline.com/common' },
      }),
    officeToken: () => Office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true }),
  });
  const itemListeners = new Set<() => void>();
  const changed = () => {
    for (const l of itemListeners) l();
  };
  Office.context.mailbox.addHandlerAsync(Office.EventType.ItemChanged, changed);
  // While composing, recipients typed after the pane opened change the context (Mailbox 1.7).
  const item = Office.context.mailbox.item;
  if (item && typeof item.subject !== 'string' && Office.context.requirements.isSetSupported('Mailbox', '1.7')) {
    item.addHandlerAsync(Office.EventType.RecipientsChanged, changed);
  }
  return {
    kind: 'outlook',
    theme: officeTheme(),
    onThemeChange: () => () => undefined,
    item: readItem,
    onItemChange(listener) {
      itemListeners.add(listener);
      return () => itemListeners.delete(listener);
    },
    getToken,
    insertHtml,
    offers: roamingOfferStore(),
    userHint: Office.context.mailbox.userProfile.emailAddress,
  };
}
