import { createRoot } from 'react-dom/client';
import type { MailboxHost } from '../../shared/host/mailbox';
import { OutlookApp } from './OutlookApp';
import { createStandaloneMailboxHost } from './standaloneHost';

const baseUrl = window.location.origin;

/** True when the page was opened by Outlook (the manifest's pane URL carries `?host=outlook`). */
const inOutlook = () => new URLSearchParams(window.location.search).get('host') === 'outlook';

/**
 * Outlook's host when Outlook opened the page, else the standalone one at once. The Outlook host (office.js and the
 * MSAL client of nested app authentication) is a chunk of its own, which a standalone page never loads.
 */
async function pickHost(): Promise<MailboxHost> {
  if (inOutlook()) {
    try {
      const { createOfficeHost } = await import('./officeHost');
      return await createOfficeHost();
    } catch {
      // office.js unreachable (offline, blocked): the pane still runs, standalone.
    }
  }
  return createStandaloneMailboxHost(baseUrl);
}

void pickHost().then((host) => {
  createRoot(document.getElementById('root')!).render(<OutlookApp host={host} baseUrl={baseUrl} />);
});
