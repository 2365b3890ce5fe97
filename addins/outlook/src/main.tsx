import { createRoot } from 'react-dom/client';
import type { MailboxHost } from '../../shared/host/mailbox';
import { createOfficeHost, inOutlook } from './officeHost';
import { OutlookApp } from './OutlookApp';
import { createStandaloneMailboxHost } from './standaloneHost';

const baseUrl = window.location.origin;

/** Outlook's host when Outlook opened the page (`?host=outlook`), else the standalone one at once. */
async function pickHost(): Promise<MailboxHost> {
  if (inOutlook()) {
    try {
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
