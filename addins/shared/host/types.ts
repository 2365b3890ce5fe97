/** The theme the host asks for (Teams names: default, dark, contrast). */
export type HostTheme = 'light' | 'dark' | 'contrast';

/** What the app knows about where it runs: inside Teams, or standalone in a plain browser. */
export type HostKind = 'teams' | 'standalone';

/**
 * The boundary between the app and its host. Components read the theme and get tokens only through this,
 * never through `microsoftTeams.*`, so tests give them a fake and a plain browser gets the standalone one.
 */
export type TeamsHost = {
  kind: HostKind;
  /** The theme now; `onThemeChange` reports later changes. */
  theme: HostTheme;
  /** Subscribes to theme changes; returns the unsubscribe function. */
  onThemeChange(listener: (theme: HostTheme) => void): () => void;
  /** A bearer token for the Pivotal API (Teams SSO token, or the standalone dev sign-in's), or null when signed out. */
  getToken(): Promise<string | null>;
  /** Who the host says the user is (Teams context), for display only. */
  userHint: string | null;
  /** Standalone only: signs in as a seeded user through the dev issuer. */
  signIn?(tenant: string, email: string): Promise<void>;
  /** Standalone only: forgets the token. */
  signOut?(): void;
  /**
   * Teams only, on the configuration page of a channel or chat tab: offers the tab to save (Teams enables its Save
   * button; saving stores it). Null to withdraw the offer.
   */
  configureTab?(tab: TabSettings | null): void;
};

/** A configured channel or chat tab: what Teams shows in it. */
export type TabSettings = { entityId: string; contentUrl: string; websiteUrl: string; suggestedDisplayName: string };
