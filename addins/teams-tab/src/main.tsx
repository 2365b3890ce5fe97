import { createRoot } from 'react-dom/client';
import type { CallingClient } from '../../shared/calls/client/types';
import type { TeamsHost } from '../../shared/host/types';
import { App } from './App';
import { createStandaloneHost } from '../../shared/host/devSession';
import { createTeamsHost, mayBeInTeams } from './teamsHost';

/** Picks the host: Teams when the page can be inside it and teams-js answers, otherwise standalone at once. */
async function pickHost(baseUrl: string): Promise<TeamsHost> {
  if (mayBeInTeams()) {
    try {
      return await createTeamsHost();
    } catch {
      // Framed by something that is not Teams: run standalone.
    }
  }
  return createStandaloneHost(baseUrl);
}

/**
 * `?calling=demo`, standalone only: the softphone over a simulated calling client (its own small chunk), exposed as
 * `window.pivotalDemoCalling` to drive it (ring, customer, recording): demos and the screenshots script.
 */
function demoCalling(host: TeamsHost): (() => Promise<CallingClient>) | undefined {
  if (host.kind !== 'standalone' || new URLSearchParams(window.location.search).get('calling') !== 'demo') return;
  return async () => {
    const { createFakeCallingClient } = await import('../../shared/calls/client/fakeClient');
    const client = createFakeCallingClient();
    (window as unknown as { pivotalDemoCalling: typeof client }).pivotalDemoCalling = client;
    return client;
  };
}

const baseUrl = window.location.origin;
void pickHost(baseUrl).then((host) => {
  const calling = demoCalling(host);
  createRoot(document.getElementById('root')!).render(
    <App host={host} baseUrl={baseUrl} {...(calling ? { createCallingClient: calling } : {})} />,
  );
});
