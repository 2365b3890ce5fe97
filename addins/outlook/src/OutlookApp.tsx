import {
  Button,
  FluentProvider,
  makeStyles,
  teamsDarkTheme,
  teamsHighContrastTheme,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { PivotalClient } from '@pivotal-pm/sdk';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { CallingClient } from '../../shared/calls/client/types';
import { SoftphoneDock } from '../../shared/calls/SoftphoneDock';
import { SoftphoneProvider } from '../../shared/calls/SoftphoneProvider';
import { ApiProvider } from '../../shared/data/api';
import type { MailboxHost, MailItem } from '../../shared/host/mailbox';
import { SignInPicker } from '../../shared/host/SignInPicker';
import type { HostTheme } from '../../shared/host/types';
import { ContextPane, MailAccessGate } from '../../shared/pane/ContextPane';
import { SentOffers } from '../../shared/pane/SentOffers';
import { DemoMessages } from './DemoMessages';
import { demoReply } from './standaloneHost';

const themes = { light: webLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme } as const;

const useStyles = makeStyles({
  page: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1, colorScheme: 'light dark' },
  bar: {
    display: 'flex',
    justifyContent: 'space-between',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
  },
  dock: { margin: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0` },
});

type Props = {
  host: MailboxHost;
  baseUrl: string;
  fetch?: typeof fetch;
  /** The softphone's calling client (tests: a fake); the ACS SDK, loaded on the first call, otherwise. */
  createCallingClient?: () => Promise<CallingClient>;
};

/** The Outlook pane: sign-in (standalone) or Office SSO, then the context of the open email. */
export function OutlookApp({ host, baseUrl, fetch: fetchImpl, createCallingClient }: Props) {
  const styles = useStyles();
  const [theme, setTheme] = useState<HostTheme>(host.theme);
  const [signedIn, setSignedIn] = useState<boolean | null>(host.kind === 'outlook' ? true : null);
  const [item, setItem] = useState<MailItem | null>(null);
  useEffect(() => host.onThemeChange(setTheme), [host]);
  useEffect(() => {
    if (host.kind === 'standalone') void host.getToken().then((t) => setSignedIn(t !== null));
  }, [host]);
  useEffect(() => {
    const read = () => void host.item().then(setItem);
    read();
    return host.onItemChange(read);
  }, [host]);
  const client = useMemo(
    () =>
      new PivotalClient({
        baseUrl,
        getToken: async () => (await host.getToken()) ?? '',
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      }),
    [host, baseUrl, fetchImpl],
  );
  // A fresh cache per session: nothing of one user's data survives signing in as another.
  const queryClient = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
    // Keyed on the sign-in state on purpose: a new cache for each session.
    [signedIn],
  );
  return (
    <FluentProvider theme={themes[theme]} data-theme={theme}>
      <div className={styles.page}>
        {signedIn === false && host.signIn && (
          <SignInPicker
            onSignIn={async (tenant, email) => {
              await host.signIn!(tenant, email);
              setSignedIn(true);
            }}
          />
        )}
        {signedIn && (
          <QueryClientProvider client={queryClient}>
            <ApiProvider client={client}>
              {host.kind === 'standalone' && (
                <div className={styles.bar}>
                  {item ? (
                    <span>
                      <Button size="small" appearance="subtle" onClick={() => setItem(null)}>
                        Back to the inbox
                      </Button>
                      {item.mode === 'read' && item.from && (
                        <Button size="small" appearance="subtle" onClick={() => host.chooseItem?.(demoReply(item))}>
                          Reply (demo compose)
                        </Button>
                      )}
                    </span>
                  ) : (
                    <span />
                  )}
                  <Button
                    size="small"
                    appearance="subtle"
                    onClick={() => {
                      host.signOut?.();
                      setItem(null);
                      setSignedIn(false);
                    }}
                  >
                    Sign out {host.userHint}
                  </Button>
                </div>
              )}
              <SoftphoneProvider {...(createCallingClient ? { createClient: createCallingClient } : {})}>
                <MailAccessGate>
                  <SoftphoneDock placement="inline" className={styles.dock} />
                  {item?.mode !== 'compose' && <SentOffers store={host.offers} />}
                  {item ? (
                    <ContextPane item={item} host={host} />
                  ) : host.kind === 'standalone' ? (
                    <DemoMessages onChoose={(next) => host.chooseItem?.(next)} />
                  ) : null}
                </MailAccessGate>
              </SoftphoneProvider>
            </ApiProvider>
          </QueryClientProvider>
        )}
      </div>
    </FluentProvider>
  );
}
