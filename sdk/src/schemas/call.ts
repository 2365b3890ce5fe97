import { z } from 'zod';
import { base, Email, Id, Phone, Timestamp, TimeZone, Version } from '../contract/common';
import { Contact } from './crm';
import { Task, TaskType } from './engagement';

/** Telephony providers behind the Dialer interface. */
export const CallProvider = z.enum(['webrtc', 'twilio', 'sip']);
/** Lifecycle status of a call session. */
export const CallStatus = z.enum(['initiated', 'ringing', 'connected', 'ended', 'failed']);
/** Outcome of a call as the rep records it. */
export const CallDisposition = z.enum(['no_answer', 'left_vm', 'connected', 'callback', 'custom']);
export type CallDisposition = z.infer<typeof CallDisposition>;

/** Call Session DTO (spec), plus the dialled number, custom disposition label and version. */
export const CallSession = z.object({
  ...base,
  userId: Id,
  contactId: Id.nullable(),
  opportunityId: Id.nullable(),
  direction: z.enum(['out', 'in']),
  status: CallStatus,
  provider: CallProvider,
  toNumber: Phone.nullable(),
  startedAt: Timestamp,
  endedAt: Timestamp.nullable(),
  durationSec: z.number().int().min(0),
  recordingUrl: z.string().nullable(),
  transcriptId: Id.nullable(),
  notes: z.string().nullable(),
  /** Null until the call is dispositioned. */
  disposition: CallDisposition.nullable(),
  /** The label when `disposition` is `custom`. */
  customDisposition: z.string().nullable(),
  version: Version,
});
export type CallSession = z.infer<typeof CallSession>;

/** An access token for the browser dialer (Azure Communication Services identity). */
export const CallToken = z.object({
  token: z.string(),
  expiresAt: Timestamp,
  /** The caller's communication identity. */
  identity: z.string(),
  provider: CallProvider,
  /**
   * True when the provider is the local ACS emulator (`npm start`, tests): no media can reach a browser, so the
   * softphone simulates the call's audio side while the server follows the emulated call.
   */
  emulated: z.boolean(),
});
export type CallToken = z.infer<typeof CallToken>;

/** One action item extracted from a transcript, ready to become a task. */
export const ActionItem = z.object({
  text: z.string(),
  suggestedTaskType: TaskType,
  ownerId: Id.nullable(),
  dueAt: Timestamp.nullable(),
});

/** Summary and action items of a call, generated from its transcript. */
export const CallSummary = z.object({
  callId: Id,
  transcriptId: Id,
  summary: z.string(),
  actionItems: z.array(ActionItem),
  generatedAt: Timestamp,
  /** Which model produced it (AI output is always attributable). */
  provenance: z.object({ provider: z.string(), model: z.string() }),
});
export type CallSummary = z.infer<typeof CallSummary>;

/** The power dialer's next call: the task to work, who to call and how many remain. */
export const DialerNext = z.object({
  task: Task.nullable(),
  contact: Contact.nullable(),
  opportunityId: Id.nullable(),
  phone: Phone.nullable(),
  /** The other tasks callable now, counted up to 1,000 (1,000 reads "1,000 or more"). */
  remaining: z.number().int().min(0),
});
export type DialerNext = z.infer<typeof DialerNext>;

/** An attendee of a meeting; `contactId` when the address matches a contact. */
export const MeetingAttendee = z.object({
  email: Email,
  name: z.string().nullable(),
  contactId: Id.nullable(),
  response: z.enum(['none', 'accepted', 'tentative', 'declined']),
});

/** A meeting booked through the calendar or logged after the fact. */
export const Meeting = z.object({
  ...base,
  organizerId: Id,
  subject: z.string(),
  startAt: Timestamp,
  endAt: Timestamp,
  timeZone: TimeZone,
  attendees: z.array(MeetingAttendee),
  location: z.string().nullable(),
  onlineMeetingUrl: z.string().nullable(),
  opportunityId: Id.nullable(),
  accountId: Id.nullable(),
  status: z.enum(['scheduled', 'held', 'noShow', 'cancelled']),
  notes: z.string().nullable(),
  /** The calendar event in the organizer's mailbox, when booked through Office 365. */
  externalEventId: z.string().nullable(),
  /** The engagement that records it on the timeline. */
  engagementId: Id.nullable(),
  version: Version,
});
export type Meeting = z.infer<typeof Meeting>;
