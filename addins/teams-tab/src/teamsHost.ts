import type { HostTheme, TabSettings, TeamsHost } from '../../shared/host/types';

const themeOf = (teamsTheme: string | undefined): HostTheme =>
  teamsTheme === 'dark' ? 'dark' : teamsTheme === 'contrast' ? 'contrast' : 'light';

/**
 * True when the page may be inside Teams: Teams loads a tab in an iframe (web) or a webview whose parent or
 * opener is the host. A top-level page with no opener cannot be, so a plain browser never waits for teams-js.
 */
export function mayBeInTeams(): boolean {
  if (new URLSearchParams(window.location.search).get('host') === 'standalone') return false;
  return window.parent !== window || (window.opener !== null && window.opener !== undefined);
}

/** True on the configuration page of a channel or chat tab (the manifest's `configurationUrl` carries `?config=1`). */
export function isConfigPage(): boolean {
  return new URLSearchParams(window.location.search).get('config') === '1';
}

/**
 * The query string a Teams deep link asks for: the bot's cards open the Pipeline tab with `subEntityId`
 * `opp:<opportunity id>` (Teams hands it to the tab as `page.subPageId`), which opens that opportunity's panel.
 * Null when the link names nothing the tab knows.
 */
export function deepLinkSearch(search: string, subPageId: string | undefined): string | null {
  const id = /^opp:([0-9a-f-]{36})$/i.exec(subPageId ?? '')?.[1];
  if (!id) return null;
  const params = new URLSearchParams(search);
  params.set('opp', id);
  return `?${params.toString()}`;
}

/**
 * The Teams host: initialises teams-js, reads the context and theme, follows theme changes and gets the SSO
 * token (`authentication.getAuthToken`) the backend validates like any Entra token. teams-js is imported
 * here only (lazily), so nothing else touches `microsoftTeams.*`. Rejects when the host does not answer.
 */
export async function createTeamsHost(timeoutMs = 5000): Promise<TeamsHost> {
  const teams = await import('@microsoft/teams-js');
  await Promise.race([
    teams.app.initialize(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('Teams did not answer')), timeoutMs)),
  ]);
  const context = await teams.app.getContext();
  const linked = deepLinkSearch(window.location.search, context.page?.subPageId);
  if (linked) window.history.replaceState(window.history.state, '', `${window.location.pathname}${linked}`);
  const listeners = new Set<(t: HostTheme) => void>();
  const host: TeamsHost = {
    kind: 'teams',
    theme: themeOf(context.app.theme),
    userHint: context.user?.userPrincipalName ?? null,
    onThemeChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getToken: () => teams.authentication.getAuthToken(),
  };
  if (isConfigPage()) {
    // The configuration page of a channel or chat tab: Teams saves what the page last offered.
    let offered: TabSettings | null = null;
    teams.pages.config.registerOnSaveHandler((save) => {
      if (!offered) return save.notifyFailure('Choose a pipeline first');
      void teams.pages.config.setConfig(offered).then(
        () => save.notifySuccess(),
        (error: Error) => save.notifyFailure(error.message),
      );
    });
    host.configureTab = (tab) => {
      offered = tab;
      teams.pages.config.setValidityState(tab !== null);
    };
  }
  teams.app.registerOnThemeChangeHandler((t) => {
    host.theme = themeOf(t);
    for (const l of listeners) l(host.theme);
  });
  teams.app.notifySuccess();
  return host;
}
