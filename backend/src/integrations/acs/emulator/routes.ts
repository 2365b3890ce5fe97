import type { Context } from 'koa';
import { addParticipant, callProperties, createCall, disconnect, requireCall, requireLive } from './calls';
import { createUser, issueToken, requireIdentity } from './identity';
import { play, recognize, transfer } from './media';
import { startRecording, stopRecording } from './recordings';
import { type AcsState, acsError } from './types';

type Handler = (ctx: Context, params: string[], body: Record<string, unknown>) => void | Promise<void>;
type Route = [method: string, pattern: RegExp, handler: Handler];

const ID = '([^/:]+)';
const reply = (ctx: Context, status: number, body?: unknown) => {
  ctx.status = status;
  if (body !== undefined) ctx.body = body;
};

/** The Identity and Call Automation routes, as the SDKs call them (paths with `:action` suffixes). */
function routes(state: AcsState): Route[] {
  const live = (id: string | undefined) => requireLive(state, decodeURIComponent(id ?? ''));
  return [
    ['POST', /^\/identities$/, async (ctx, _, body) => reply(ctx, 201, await createUser(state, body))],
    [
      'DELETE',
      new RegExp(`^/identities/${ID}$`),
      (ctx, [id]) => {
        requireIdentity(state, decodeURIComponent(id ?? ''));
        state.identities.delete(decodeURIComponent(id ?? ''));
        reply(ctx, 204);
      },
    ],
    [
      'POST',
      new RegExp(`^/identities/${ID}/:revokeAccessTokens$`),
      (ctx, [id]) => {
        requireIdentity(state, decodeURIComponent(id ?? '')).tokensRevokedAt = new Date();
        reply(ctx, 204);
      },
    ],
    [
      'POST',
      new RegExp(`^/identities/${ID}/:issueAccessToken$`),
      async (ctx, [id], body) =>
        reply(ctx, 200, await issueToken(state, requireIdentity(state, decodeURIComponent(id ?? '')), body)),
    ],
    [
      'POST',
      /^\/calling\/callConnections$/,
      (ctx, _, body) => reply(ctx, 201, callProperties(createCall(state, body))),
    ],
    [
      'GET',
      new RegExp(`^/calling/callConnections/${ID}$`),
      (ctx, [id]) => reply(ctx, 200, callProperties(requireCall(state, decodeURIComponent(id ?? '')))),
    ],
    [
      'DELETE',
      new RegExp(`^/calling/callConnections/${ID}$`),
      (ctx, [id]) => {
        disconnect(state, live(id));
        reply(ctx, 204);
      },
    ],
    [
      'POST',
      new RegExp(`^/calling/callConnections/${ID}:terminate$`),
      (ctx, [id]) => {
        disconnect(state, live(id));
        reply(ctx, 204);
      },
    ],
    [
      'GET',
      new RegExp(`^/calling/callConnections/${ID}/participants$`),
      (ctx, [id]) => reply(ctx, 200, { value: live(id).participants }),
    ],
    [
      'POST',
      new RegExp(`^/calling/callConnections/${ID}/participants:add$`),
      (ctx, [id], body) => reply(ctx, 202, addParticipant(state, live(id), body)),
    ],
    [
      'POST',
      new RegExp(`^/calling/callConnections/${ID}:transferToParticipant$`),
      (ctx, [id], body) => reply(ctx, 202, transfer(state, live(id), body)),
    ],
    [
      'POST',
      new RegExp(`^/calling/callConnections/${ID}:play$`),
      (ctx, [id], body) => {
        play(state, live(id), body);
        reply(ctx, 202);
      },
    ],
    [
      'POST',
      new RegExp(`^/calling/callConnections/${ID}:recognize$`),
      (ctx, [id], body) => {
        recognize(state, live(id), body);
        reply(ctx, 202);
      },
    ],
    [
      'POST',
      /^\/calling\/recordings$/,
      (ctx, _, body) => {
        const locator = body.callLocator as { serverCallId?: string; kind?: string } | undefined;
        if (!locator?.serverCallId)
          return reply(ctx, 400, acsError('BadRequest', 'callLocator.serverCallId is required.'));
        const callback = typeof body.recordingStateCallbackUri === 'string' ? body.recordingStateCallbackUri : null;
        const recording = startRecording(state, locator.serverCallId, callback);
        if (!recording) return reply(ctx, 404, acsError('8522', 'Call not found or not established.'));
        reply(ctx, 200, {
          recordingId: recording.recordingId,
          recordingState: 'active',
          recordingKind: 'AzureCommunicationServices',
        });
      },
    ],
    [
      'GET',
      new RegExp(`^/calling/recordings/${ID}$`),
      (ctx, [id]) => {
        const recording = state.recordings.get(decodeURIComponent(id ?? ''));
        if (!recording) return reply(ctx, 404, acsError('8522', 'Recording not found.'));
        reply(ctx, 200, {
          recordingId: recording.recordingId,
          recordingState: recording.state,
          recordingKind: 'AzureCommunicationServices',
        });
      },
    ],
    [
      'DELETE',
      new RegExp(`^/calling/recordings/${ID}$`),
      (ctx, [id]) => {
        const recording = state.recordings.get(decodeURIComponent(id ?? ''));
        if (!recording) return reply(ctx, 404, acsError('8522', 'Recording not found.'));
        stopRecording(state, recording);
        reply(ctx, 204);
      },
    ],
    // Recording files: the SDK signs these with the resource host (x-ms-host) and sends them to the file's host.
    [
      'GET',
      new RegExp(`^/v1/objects/${ID}/content/(audio|acsmetadata)$`),
      (ctx, [documentId]) => {
        const file = state.files.get(documentId ?? '');
        if (!file || file.deleted) return reply(ctx, 404, { status: 404, message: 'Recording file not found.' });
        ctx.type = 'audio/mpeg';
        reply(ctx, 200, Buffer.alloc(1024));
      },
    ],
    [
      'DELETE',
      new RegExp(`^/v1/objects/${ID}$`),
      (ctx, [documentId]) => {
        const file = state.files.get(documentId ?? '');
        if (!file || file.deleted) return reply(ctx, 404, { status: 404, message: 'Recording file not found.' });
        file.deleted = true;
        reply(ctx, 200, {});
      },
    ],
  ];
}

/** A Koa middleware dispatching the ACS routes (after `acsGate`). */
export function acsRoutes(state: AcsState) {
  const table = routes(state);
  return async (ctx: Context, next: () => Promise<void>): Promise<void> => {
    for (const [method, pattern, handler] of table) {
      const match = ctx.method === method ? pattern.exec(ctx.path) : null;
      if (match) return handler(ctx, match.slice(1), (ctx.state.body ?? {}) as Record<string, unknown>);
    }
    return next();
  };
}
