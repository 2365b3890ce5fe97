import { fileURLToPath } from 'node:url';

/**
 * Where the built front ends live (rollup output of the addins workspace). A module of its own, importing nothing of
 * ours: the browser tests' global setup reads it outside the `@pivotal-pm/source` resolution, before any SDK build.
 */
export const TEAMS_TAB_DIST = fileURLToPath(new URL('../../../addins/teams-tab/dist/', import.meta.url));

/** The built Outlook pane. */
export const OUTLOOK_PANE_DIST = fileURLToPath(new URL('../../../addins/outlook/dist/', import.meta.url));
