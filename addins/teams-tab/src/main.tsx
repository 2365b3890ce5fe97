import { createRoot } from 'react-dom/client';
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

const baseUrl = window.location.origin;
void pickHost(baseUrl).then((host) => {
  createRoot(document.getElementById('root')!).render(<App host={host} baseUrl={baseUrl} />);
});
