import type { ICachePlugin, INetworkModule } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from '../emulator';
import { callEmulator } from '../emulator/testClient';
import { createMsalNetworkClient } from './networkClient';
import { createO365Auth } from './o365Auth';

const ANA = 'ana@agency.example';
const REDIRECT = 'http://127.0.0.1:9/oauth/o365/callback';

describe('msal-node against the Graph emulator', () => {
  let graph: GraphEmulator;
  beforeAll(async () => {
    graph = await startGraphEmulator();
    graph.control.seedMailbox({ address: ANA, displayName: 'Ana Ruiz', messages: 1, days: 1 });
  });
  afterAll(() => graph.close());

  it('consent URL -> code with PKCE -> tokens and an account -> silent refresh from the cache', async () => {
    const inner = createMsalNetworkClient({ ca: graph.caPem });
    const calls: string[] = [];
    const networkClient: INetworkModule = {
      sendGetRequestAsync: (url, o, tm) => (
        calls.push(`GET ${new URL(url).pathname}`),
        inner.sendGetRequestAsync(url, o, tm)
      ),
      sendPostRequestAsync: (url, o) => (
        calls.push(`POST ${new URL(url).pathname}`),
        inner.sendPostRequestAsync(url, o)
      ),
    };
    const auth = createO365Auth({
      clientId: 'pivotal-test',
      clientSecret: 'x',
      authorityHost: graph.url,
      networkClient,
    });
    const scopes = auth.scopes(false);
    const { verifier, challenge } = await auth.pkce();
    const consent = new URL(await auth.consentUrl({ redirectUri: REDIRECT, state: 'st', challenge, scopes }));
    expect(consent.origin).toBe(graph.url);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    const res = await callEmulator(graph, 'GET', `${consent.pathname}${consent.search}`, { token: null });
    const code = new URL(String(res.headers.location)).searchParams.get('code')!;
    const { result, cacheJson } = await auth.redeem({ code, verifier, redirectUri: REDIRECT, scopes });
    expect(result.account?.username).toBe(ANA);
    let cache = cacheJson;
    const plugin: ICachePlugin = {
      beforeCacheAccess: async (c) => c.tokenCache.deserialize(cache),
      afterCacheAccess: async (c) => {
        if (c.cacheHasChanged) cache = c.tokenCache.serialize();
      },
    };
    const before = calls.length;
    const cached = await auth.silent({ cachePlugin: plugin, homeAccountId: result.account!.homeAccountId, scopes });
    expect(cached.accessToken).toBe(result.accessToken);
    // A cached token costs no token request, and the authority metadata is fetched once per authority.
    expect(calls.slice(before)).toEqual([`GET /${result.account!.tenantId}/v2.0/.well-known/openid-configuration`]);
    await auth.silent({ cachePlugin: plugin, homeAccountId: result.account!.homeAccountId, scopes });
    expect(calls.slice(before)).toHaveLength(1);
    expect(calls.filter((c) => c.includes('organizations/v2.0/.well-known'))).toHaveLength(1);
    const refreshed = await auth.silent({
      cachePlugin: plugin,
      homeAccountId: result.account!.homeAccountId,
      scopes,
      forceRefresh: true,
    });
    expect(refreshed.accessToken).not.toBe(result.accessToken);
    expect(calls.at(-1)).toBe(`POST /${result.account!.tenantId}/oauth2/v2.0/token`);
    expect(
      (await callEmulator(graph, 'GET', `/v1.0/users/${ANA}/mailFolders/inbox`, { token: refreshed.accessToken }))
        .status,
    ).toBe(200);
  });
});
