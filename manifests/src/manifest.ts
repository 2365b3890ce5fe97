import type { TeamsManifestV1D24 } from '@microsoft/app-manifest';
import type { Environment } from './environment';

/** The unified manifest version the package is written in (validated offline against its schema). */
export const MANIFEST_VERSION = '1.24';

/** The brand colour behind the outline icon (Teams' left rail, the app's tile). */
export const ACCENT_COLOR = '#4F46E5';

/** Where the Teams tab is served by the API (`backend/src/http/staticApps.ts`). */
export const TEAMS_TAB_PATH = '/app/teams/';

/** Where the Outlook pane is served; `?host=outlook` tells it to load office.js. */
export const OUTLOOK_PANE_PATH = '/app/outlook/';

/** The Mailbox requirement set the pane needs (pinning and `ItemChanged` arrived in 1.5). */
const MAILBOX = { capabilities: [{ name: 'Mailbox', minVersion: '1.5' }] };

/**
 * The Outlook add-in: one task pane runtime, opened by a "Pivotal" button on the ribbon of a message being read and
 * of one being written. Reads the open item only (`MailboxItem.Read.User`).
 */
function outlookExtension(env: Environment): NonNullable<Manifest['extensions']>[number] {
  const icons = (sizes: number[]) =>
    sizes.map((size) => ({ size, url: `${env.publicUrl}${OUTLOOK_PANE_PATH}icons/icon-${size}.png` }));
  const group = (context: 'read' | 'compose') => ({
    id: `pivotal.${context}.group`,
    label: 'Pivotal',
    icons: icons([16, 32, 80]),
    controls: [
      {
        id: `pivotal.${context}.open`,
        type: 'button' as const,
        label: 'Pivotal',
        icons: icons([16, 32, 80]),
        supertip: {
          title: 'Pivotal',
          description:
            context === 'read'
              ? 'Who wrote this in Pivotal, their open deals and tasks; log the email, add the sender.'
              : 'Who you are writing to in Pivotal, and their open deals.',
        },
        actionId: 'pivotal.openPane',
      },
    ],
  });
  return {
    requirements: { scopes: ['mail'], ...MAILBOX },
    runtimes: [
      {
        requirements: MAILBOX,
        id: 'pivotal.pane',
        type: 'general',
        code: { page: `${env.publicUrl}${OUTLOOK_PANE_PATH}?host=outlook` },
        lifetime: 'short',
        actions: [{ id: 'pivotal.openPane', type: 'openPage', pinnable: true }],
      },
    ],
    ribbons: [
      { contexts: ['mailRead'], tabs: [{ builtInTabId: 'TabDefault', groups: [group('read')] }] },
      { contexts: ['mailCompose'], tabs: [{ builtInTabId: 'TabDefault', groups: [group('compose')] }] },
    ],
  };
}

export type Manifest = TeamsManifestV1D24.TeamsManifestV1D24;

/**
 * The app's manifest for one environment: the personal Pipeline and Forecast tabs of the Teams tab app, a channel
 * and chat tab pinned to one pipeline, the Outlook
 * add-in (`extensions`), SSO through the environment's Entra registration, the API's host as the one valid domain.
 * The Teams bot (`bots`: personal scope, its three commands) sends SLA reminders, Next Best Action prompts and
 * manager digests.
 */
export function buildManifest(env: Environment): Manifest {
  const host = new URL(env.publicUrl).host;
  const tab = (view: 'board' | 'forecast') => `${env.publicUrl}${TEAMS_TAB_PATH}?view=${view}`;
  const short = env.nameSuffix ? `Pivotal ${env.nameSuffix}` : 'Pivotal';
  return {
    $schema: `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: env.version,
    id: env.appId,
    developer: { ...env.developer },
    name: { short, full: 'Pivotal pipeline management' },
    description: {
      short: "Your agency's pipelines, forecasts and follow-ups inside Teams.",
      full:
        "Pivotal keeps an agency's sales work in one place across its clients and projects: pipelines on a Kanban " +
        'board, forecasts, opportunities with their timeline and tasks, and the mail of Office 365. Reps move deals ' +
        'and log work without leaving Teams; managers see the forecast of every pipeline. A bot reminds reps of ' +
        'deals past their SLA, suggests the next best action and sends managers a digest of their team.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: ACCENT_COLOR,
    staticTabs: [
      {
        entityId: 'pipeline',
        name: 'Pipeline',
        contentUrl: tab('board'),
        websiteUrl: tab('board'),
        scopes: ['personal'],
      },
      {
        entityId: 'forecast',
        name: 'Forecast',
        contentUrl: tab('forecast'),
        websiteUrl: tab('forecast'),
        scopes: ['personal'],
      },
    ],
    // A channel or chat tab pinned to one pipeline: its configuration page picks the pipeline.
    configurableTabs: [
      {
        configurationUrl: `${env.publicUrl}${TEAMS_TAB_PATH}?config=1`,
        canUpdateConfiguration: true,
        scopes: ['team', 'groupChat'],
        context: ['channelTab', 'privateChatTab', 'meetingChatTab'],
      },
    ],
    bots: [
      {
        botId: env.botAppId,
        scopes: ['personal'],
        isNotificationOnly: false,
        supportsFiles: false,
        commandLists: [
          {
            scopes: ['personal'],
            commands: [
              { title: 'my tasks', description: 'Your open tasks due today and overdue' },
              { title: 'my pipeline', description: 'Your open deals by stage, with the weighted forecast' },
              { title: 'help', description: 'What the bot does and sends you' },
            ],
          },
        ],
      },
    ],
    permissions: ['identity'],
    validDomains: [host],
    webApplicationInfo: { id: env.entraClientId, resource: `api://${host}/${env.entraClientId}` },
    authorization: { permissions: { resourceSpecific: [{ name: 'MailboxItem.Read.User', type: 'Delegated' }] } },
    extensions: [outlookExtension(env)],
  };
}
