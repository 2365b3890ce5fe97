import { operationTable } from '../../contract/defineOperation';
import { start as callStart } from '../call/start';
import { end as callEnd } from '../call/end';
import { disposition as callDisposition } from '../call/disposition';
import { attach as callRecordingAttach } from '../call/recording/attach';
import { attach as callTranscriptAttach } from '../call/transcript/attach';
import { get as callTokenGet } from '../call/token/get';
import { get as callSummaryGet } from '../call/summary/get';
import { next as dialerQueueNext } from '../dialer/queue/next';
import { create as meetingCreate } from '../meeting/create';
import { log as meetingLog } from '../meeting/log';

/** Calls and meetings: the dialer, call sessions, recordings, transcripts, summaries, meetings. */
export const callsOperations = operationTable({
  'call.start': callStart,
  'call.end': callEnd,
  'call.disposition': callDisposition,
  'call.recording.attach': callRecordingAttach,
  'call.transcript.attach': callTranscriptAttach,
  'call.token.get': callTokenGet,
  'call.summary.get': callSummaryGet,
  'dialer.queue.next': dialerQueueNext,
  'meeting.create': meetingCreate,
  'meeting.log': meetingLog,
});
