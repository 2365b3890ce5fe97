import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { TeamsActivity } from './activityTypes';
import type { BotConnectorEmulator } from './server';

/** A test bot endpoint that validates inbound JWTs the way a real bot does, and what it saw. */
export type TestBot = {
  endpoint: string;
  received: TeamsActivity[];
  rejected: string[];
  close(): Promise<void>;
};

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * Starts a bot endpoint on 127.0.0.1 that checks the bearer JWT against the emulator's OpenID metadata (signature
 * by a published key, issuer, audience = `appId`, lifetime, `serviceurl` claim), answers 401 when it fails, a JSON
 * invoke response to invokes and an empty 200 otherwise.
 */
export async function startTestBot(emulator: () => BotConnectorEmulator, appId: string): Promise<TestBot> {
  const received: TeamsActivity[] = [];
  const rejected: string[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const activity = JSON.parse(body) as TeamsActivity;
      const metadata = (await (await fetch(emulator().openIdMetadataUrl)).json()) as {
        jwks_uri: string;
        issuer: string;
      };
      try {
        const header = request.headers.authorization ?? '';
        if (!header.startsWith('Bearer ')) throw new Error('no bearer token');
        const { payload } = await jwtVerify(header.slice(7), createRemoteJWKSet(new URL(metadata.jwks_uri)), {
          issuer: metadata.issuer,
          audience: appId,
          algorithms: ['RS256'],
          clockTolerance: 300,
        });
        if (payload.serviceurl !== activity.serviceUrl) throw new Error('serviceurl claim mismatch');
      } catch (error) {
        rejected.push(error instanceof Error ? error.message : String(error));
        response.writeHead(401).end();
        return;
      }
      received.push(activity);
      if (activity.type !== 'invoke') return void response.writeHead(200).end();
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' }),
      );
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    received,
    rejected,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Gets a Connector token from the emulator's token endpoint (the raw response). */
export function requestToken(emulator: BotConnectorEmulator, form: Record<string, string>): Promise<Response> {
  return fetch(emulator.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

/** A Connector token for the bot's credentials (throws when refused). */
export async function connectorToken(
  emulator: BotConnectorEmulator,
  appId: string,
  appSecret: string,
): Promise<string> {
  const response = await requestToken(emulator, {
    grant_type: 'client_credentials',
    client_id: appId,
    client_secret: appSecret,
    scope: 'https://api.botframework.com/.default',
  });
  if (!response.ok) throw new Error(`token refused: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Calls the Conversations API (relative to the service URL) with a bearer token; answers status, headers and JSON. */
export async function callConnector(
  emulator: BotConnectorEmulator,
  method: 'POST' | 'PUT',
  path: string,
  token: string | null,
  body: unknown,
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, emulator.serviceUrl), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}
