import {
  FluentProvider,
  makeStyles,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  tokens,
} from '@fluentui/react-components';
import { PivotalClient } from '@pivotal-pm/sdk';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { SoftphoneProvider } from '../../shared/calls/SoftphoneProvider';
import type { CallingClient } from '../../shared/calls/client/types';
import { ApiProvider, meQuery, pipelinesQuery } from '../../shared/data/api';
import { boardQuery } from '../../shared/data/board';
import { defaultOwnerOf } from '../../shared/data/permissions';
import { filtersOf, parseTabState } from '../../shared/data/urlState';
import type { HostTheme, TeamsHost } from '../../shared/host/types';
import { Shell } from './Shell';
import { TabConfig } from './TabConfig';
import { SignInPicker } from '../../shared/host/SignInPicker';

const themes = { light: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme } as const;

const useStyles = makeStyles({
  page: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground3, colorScheme: 'light dark' },
});

type AppProps = {
  host: TeamsHost;
  baseUrl: string;
  fetch?: typeof fetch;
  /** The softphone's calling client (tests: a fake); the ACS SDK, loaded on the first call, otherwise. */
  createCallingClient?: () => Promise<CallingClient>;
};

/** The Teams tab: theme from the host, sign-in (standalone) or SSO (Teams), then the board and forecasts. */
export function App({ host, baseUrl, fetch: fetchImpl, createCallingClient }: AppProps) {
  const styles = useStyles();
  const [theme, setTheme] = useState<HostTheme>(host.theme);
  // A standalone session is known at once (it is in sessionStorage): no wait for a first token round.
  const [session, setSession] = useState<'unknown' | 'in' | 'out'>(
    host.kind === 'standalone' && host.userHint ? 'in' : 'unknown',
  );
  useEffect(() => host.onThemeChange(setTheme), [host]);
  useEffect(() => {
    void host.getToken().then(
      (t) => setSession(t ? 'in' : 'out'),
      () => setSession('out'),
    );
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
  const queryClient = useMemo(() => {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });
    // Who the caller is and which pipelines they see gate everything else: ask before the first render.
    if (session === 'in') {
      // And the board the address names (or the first pipeline's): its lists run while the tab renders. A rep's
      // board opens on their own deals, so the caller is needed for its filters too (asked in parallel).
      void Promise.all([qc.fetchQuery(meQuery(client)), qc.fetchQuery(pipelinesQuery(client))]).then(
        ([me, list]) => {
          const state = parseTabState(window.location.search);
          const pipeline = list.find((p) => p.id === state.pipeline) ?? list[0];
          if (pipeline && state.view === 'board')
            void qc.prefetchQuery(boardQuery(client, qc, pipeline, filtersOf(state, defaultOwnerOf(me))));
        },
        () => undefined,
      );
    }
    return qc;
  }, [session, client]);
  return (
    // The page background sits on a div of its own: Fluent copies the provider's classes onto the portal node
    // of every popup (dropdowns, dialogs, the detail drawer), where a full-height background would hide the tab.
    <FluentProvider theme={themes[theme]} data-theme={theme}>
      <div className={styles.page}>
        {session === 'out' && host.signIn && (
          <SignInPicker
            onSignIn={async (tenant, email) => {
              await host.signIn!(tenant, email);
              setSession('in');
            }}
          />
        )}
        {session === 'in' && (
          <QueryClientProvider client={queryClient}>
            <ApiProvider client={client}>
              {host.configureTab ? (
                <TabConfig host={host} baseUrl={baseUrl} />
              ) : (
                <SoftphoneProvider {...(createCallingClient ? { createClient: createCallingClient } : {})}>
                  <Shell
                    host={host}
                    baseUrl={baseUrl}
                    onSignOut={
                      host.signOut
                        ? () => {
                            host.signOut!();
                            setSession('out');
                          }
                        : undefined
                    }
                  />
                </SoftphoneProvider>
              )}
            </ApiProvider>
          </QueryClientProvider>
        )}
      </div>
    </FluentProvider>
  );
}
