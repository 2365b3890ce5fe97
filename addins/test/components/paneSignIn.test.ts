import { describe, expect, it } from 'vitest';
import { paneTokenSource, type SignInDeps, type TokenClient } from '../../outlook/src/signIn';

const config = { clientId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', scope: 'api://pivotal.example/9a8b/access_as_user' };

function deps(patch: Partial<SignInDeps> & { client?: TokenClient } = {}) {
  const made: string[] = [];
  const calls: string[] = [];
  const client: TokenClient = patch.client ?? {
    acquireTokenSilent: async (r) => (calls.push(`silent:${r.scopes[0]}`), { accessToken: 'naa-silent' }),
    acquireTokenPopup: async () => (calls.push('popup'), { accessToken: 'naa-popup' }),
  };
  const d: SignInDeps = {
    config,
    naaSupported: () => true,
    createClient: async (clientId) => (made.push(clientId), client),
    officeToken: async () => (calls.push('office'), 'office-sso'),
    ...patch,
  };
  return { d, made, calls };
}

describe('the Outlook pane sign-in', () => {
  it('uses nested app authentication silently for the configured scope, with one client for the pane', async () => {
    const { d, made, calls } = deps();
    const token = paneTokenSource(d);
    expect([await token(), await token()]).toEqual(['naa-silent', 'naa-silent']);
    expect(made).toEqual([config.clientId]);
    expect(calls).toEqual([`silent:${config.scope}`, `silent:${config.scope}`]);
  });

  it('opens the popup only when Entra needs the user, and passes other failures on', async () => {
    const needsUser = Object.assign(new Error('interaction required'), { errorCode: 'interaction_required' });
    const popup = deps({
      client: {
        acquireTokenSilent: async () => Promise.reject(needsUser),
        acquireTokenPopup: async () => ({ accessToken: 'naa-popup' }),
      },
    });
    expect(await paneTokenSource(popup.d)()).toBe('naa-popup');
    const broken = deps({
      client: {
        acquireTokenSilent: async () => Promise.reject(new Error('network down')),
        acquireTokenPopup: async () => ({ accessToken: 'never' }),
      },
    });
    await expect(paneTokenSource(broken.d)()).rejects.toThrow('network down');
  });

  it('falls back to Office single sign-on without NAA support or without a configured app', async () => {
    const old = deps({ naaSupported: () => false });
    expect(await paneTokenSource(old.d)()).toBe('office-sso');
    expect(old.made).toEqual([]);
    const unconfigured = deps({ config: { clientId: null, scope: null } });
    expect(await paneTokenSource(unconfigured.d)()).toBe('office-sso');
  });
});
