import { randomUUID } from 'node:crypto';
import { signCallbackToken } from './keys';
import type { AcsState, EmulatedCall, SentCallback } from './types';

const MAX_RECORDED = 2_000;

/** Runs `fn` after `ms` unless the emulator closes first. */
export function later(state: AcsState, ms: number, fn: () => void): void {
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    fn();
  }, ms);
  state.timers.add(timer);
}

/** A Call Automation CloudEvent: `source`/`subject` name the call connection, `data` carries the call's ids. */
export function callEvent(
  call: EmulatedCall,
  type: string,
  data: Record<string, unknown>,
  operationContext: string | null | undefined,
): Record<string, unknown> {
  const fullType = `Microsoft.Communication.${type}`;
  return {
    id: randomUUID(),
    source: `calling/callConnections/${call.callConnectionId}`,
    type: fullType,
    data: {
      ...data,
      ...(operationContext ? { operationContext } : {}),
      callConnectionId: call.callConnectionId,
      serverCallId: call.serverCallId,
      correlationId: call.correlationId,
      publicEventType: fullType,
    },
    time: new Date().toISOString(),
    specversion: '1.0',
    datacontenttype: 'application/json',
    subject: `calling/callConnections/${call.callConnectionId}`,
  };
}

/** A `resultInformation` block as ACS reports it. */
export const result = (code: number, subCode: number, message: string) => ({
  resultInformation: { code, subCode, message },
});

async function post(
  state: AcsState,
  record: SentCallback,
  headers: Record<string, string>,
  body: string,
): Promise<void> {
  state.callbacks.push(record);
  if (state.callbacks.length > MAX_RECORDED) state.callbacks.shift();
  try {
    const res = await fetch(record.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5_000) });
    record.status = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (error) {
    record.error = error instanceof Error ? error.message : String(error);
  }
}

/** Posts events to a webhook with a fresh callback JWT, after the call's earlier events (in order). */
export function sendCallEvents(
  state: AcsState,
  call: EmulatedCall,
  events: Record<string, unknown>[],
  url: string = call.callbackUri,
): Promise<void> {
  call.delivery = call.delivery.then(async () => {
    const token = await signCallbackToken(state.keys, { audience: state.resourceId, issuer: state.callbackIssuer });
    const record: SentCallback = {
      url,
      channel: 'callAutomation',
      events,
      status: null,
      error: null,
      at: new Date().toISOString(),
    };
    await post(
      state,
      record,
      { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      JSON.stringify(events),
    );
  });
  return call.delivery;
}

/** Posts Event Grid events (an array in Event Grid's schema) to the configured endpoint, if there is one. */
export async function sendEventGrid(state: AcsState, events: Record<string, unknown>[]): Promise<void> {
  if (!state.eventGridUrl) return;
  const record: SentCallback = {
    url: state.eventGridUrl,
    channel: 'eventGrid',
    events,
    status: null,
    error: null,
    at: new Date().toISOString(),
  };
  await post(
    state,
    record,
    { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
    JSON.stringify(events),
  );
}
