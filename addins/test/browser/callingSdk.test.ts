import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack';

/** The CallClient mark of shared/calls/client/acsClient.ts (not imported here: that would load the SDK in Node). */
const CALL_CLIENT_MARK = 'pivotal:calling:call-client';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ telephony: true });
});
afterAll(() => stack?.close());

/** An opportunity of the rep whose primary contact has a phone. */
async function dealWithPhone(): Promise<{ id: string; phone: string }> {
  const sdk = await stack.sdk('rep');
  const opps = await sdk.opportunity.list({ status: 'open', limit: 100 }).toArray();
  const contactIds = [...new Set(opps.flatMap((o) => (o.primaryContactId ? [o.primaryContactId] : [])))];
  const contacts = await sdk.contact.list({ ids: contactIds, limit: 200 }).toArray();
  const withPhone = new Map(contacts.flatMap((c) => (c.phone ? [[c.id, c.phone] as const] : [])));
  const opp = opps.find((o) => o.primaryContactId && withPhone.has(o.primaryContactId))!;
  return { id: opp.id, phone: withPhone.get(opp.primaryContactId!)! };
}

describe('the softphone against the backend and its ACS emulator', () => {
  it('calls a deal’s contact from the tab, disposes the call and finds it on the timeline with its duration', async () => {
    const deal = await dealWithPhone();
    const { context, page } = await stack.open('rep', `?opp=${deal.id}`);
    await page.getByRole('button', { name: `Call ${deal.phone}` }).click();
    // The emulated client: the server rings this browser and the customer answers, as the emulator does.
    const hangUp = page.getByRole('button', { name: 'Hang up' });
    await hangUp.waitFor({ timeout: 20_000 });
    const sdk = await stack.sdk('rep');
    await expect
      .poll(
        async () =>
          (await stack.app.db.ownerKnex('callSessions').where({ opportunityId: deal.id }).first('status'))?.status,
        {
          timeout: 20_000,
        },
      )
      .toBe('connected');
    await page.waitForTimeout(1_200);
    await hangUp.click();
    await page.getByRole('radio', { name: 'Connected' }).click();
    await page.getByLabel('Notes').fill('Booked a demo');
    await page.getByRole('button', { name: 'Save outcome' }).click();
    await expect
      .poll(async () => (await sdk.timeline.get({ opportunityId: deal.id })).data.find((i) => i.call)?.call, {
        timeout: 20_000,
      })
      .toMatchObject({ status: 'ended', disposition: 'connected' });
    const item = (await sdk.timeline.get({ opportunityId: deal.id })).data.find((i) => i.call)!;
    expect(item.call!.durationSec).toBeGreaterThanOrEqual(1);
    expect(item.preview).toBe('Booked a demo');
    // The detail's timeline shows it too, with its talk time and outcome.
    await page.reload();
    await expect
      .poll(() => page.getByTestId('timeline-call').first().textContent(), { timeout: 20_000 })
      .toMatch(/^\d+ s · Connected$/);
    await context.close();
  });
});

describe('calling SDK in Chromium', () => {
  it('loads the ACS chunk only on the first call, builds its CallClient, and shows a bad token as an error', async () => {
    const deal = await dealWithPhone();
    // The SDK runs only on https or localhost: the tab is opened on localhost, not on the loopback address.
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(stack.url(`?opp=${deal.id}`).replace('//127.0.0.1:', '//localhost:'));
    expect(new URL(page.url()).hostname).toBe('localhost');
    await page.getByTestId('signin-rep').click();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The server's token is the ACS emulator's (the softphone would simulate media): answer one the SDK must refuse.
    await page.route('**/v1/call.token.get', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          data: {
            token: 'not-a-jwt',
            expiresAt: '2099-01-01T00:00:00.000Z',
            identity: '8:acs:x',
            provider: 'webrtc',
            emulated: false,
          },
        }),
      }),
    );
    const link = page.getByRole('button', { name: `Call ${deal.phone}` });
    await link.waitFor();
    expect(await sdkChunks(page)).toEqual([]);
    await link.click();
    const error = page.getByTestId('softphone-error');
    await error.waitFor({ timeout: 45_000 });
    const text = (await error.textContent()) ?? '';
    expect(text).toMatch(/Could not start calling: .+/);
    // Past the SDK's secure-origin check: what it refused is the token.
    expect(text).not.toMatch(/https, file:, or localhost/);
    expect(await sdkChunks(page)).toHaveLength(1);
    expect(await marks(page), String(await error.textContent())).toBe(1);
    // No crash: the page still works, and nothing was placed on the server.
    expect(errors).toEqual([]);
    await expect.poll(() => link.isEnabled()).toBe(true);
    await context.close();
  });
});

const marks = (page: Page) => page.evaluate((name) => performance.getEntriesByName(name).length, CALL_CLIENT_MARK);

/** The calling SDK chunks the page fetched so far. */
const sdkChunks = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((n) => n.includes('/chunks/acsClient-')),
  );
