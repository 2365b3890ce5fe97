/**
 * The softphone scenes of `npm run screenshots`: a rep calls the primary contact of a deal from its detail panel
 * (recording on), keeps the call while back on the board, then records the outcome. The browser side runs on the
 * simulated calling client (`?calling=demo`), driven step by step; the call operations are answered here so that
 * the pictures do not depend on the emulator's timing.
 */
import type { Page, Route } from 'playwright-core';

const T = '2026-12-07T10:00:00.000Z';
let session: Record<string, unknown> | null = null;

/** Answers `call.token.get`, `call.start`, `call.end` and `call.disposition` as their contracts say. */
async function answerCallOps(route: Route): Promise<void> {
  const op = new URL(route.request().url()).pathname.split('/v1/')[1]!;
  const input = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
  const reply = (data: unknown) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data }) });
  if (op === 'call.token.get')
    return reply({
      token: 'demo',
      expiresAt: '2099-01-01T00:00:00.000Z',
      identity: '8:acs:demo',
      provider: 'webrtc',
      emulated: false,
    });
  if (op === 'call.start') {
    session = {
      id: '00000000-0000-7000-8000-00000000ca11',
      tenantId: '00000000-0000-7000-8000-000000000001',
      createdAt: T,
      updatedAt: T,
      userId: '00000000-0000-7000-8000-000000000002',
      contactId: input.contactId ?? null,
      opportunityId: input.opportunityId ?? null,
      direction: 'out',
      status: 'initiated',
      provider: 'webrtc',
      toNumber: input.toNumber ?? null,
      startedAt: T,
      endedAt: null,
      durationSec: 0,
      recordingUrl: null,
      transcriptId: null,
      notes: null,
      disposition: null,
      customDisposition: null,
      version: 1,
    };
    return reply(session);
  }
  if (op === 'call.end' && session) return reply((session = { ...session, status: 'ended', endedAt: T, version: 2 }));
  if (op === 'call.disposition' && session) return reply({ ...session, disposition: input.disposition, version: 3 });
  return route.continue();
}

type Shoot = (page: Page, name: string) => Promise<void>;
const drive = (page: Page, script: string) => page.evaluate(`window.pivotalDemoCalling.${script}`);

export async function shootSoftphone(page: Page, url: string, theme: string, shoot: Shoot): Promise<void> {
  await page.route('**/v1/call.*', answerCallOps);
  await page.goto(`${url}&calling=demo&theme=${theme}`);
  const link = page.getByRole('dialog').getByTestId('phone-link');
  await link.waitFor();
  await link.click();
  await page.getByText('Connecting your browser…').waitFor();
  await drive(page, 'ring()');
  await page.getByRole('button', { name: 'Hang up' }).waitFor();
  await drive(page, "customer('connected')");
  await drive(page, 'recording(true)');
  await page.getByTestId('recording-indicator').waitFor();
  await page.getByRole('button', { name: 'Keypad' }).click();
  await shoot(page, `teams-softphone-call-${theme}`);
  // Back on the board, the call goes on in the corner.
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByRole('region', { name: 'Softphone' }).waitFor();
  await page.getByRole('button', { name: 'Hang up' }).click();
  const form = page.getByRole('form', { name: 'Call outcome' });
  await form.waitFor();
  await form.getByRole('radio', { name: 'Call back later' }).click();
  await form.getByRole('textbox', { name: 'Notes' }).fill('Wants the renewal quote before Friday.');
  await shoot(page, `teams-softphone-outcome-${theme}`);
  await form.getByRole('button', { name: 'Save outcome' }).click();
  await form.waitFor({ state: 'detached' });
  await page.unroute('**/v1/call.*');
}
