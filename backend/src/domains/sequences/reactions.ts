import { on, type DeclaredReaction } from '#domains/events/reaction';
import { applyMeetingBookedStopRules, applyReplyStopRules, applyStageChangeStopRules } from './stopRules';

/** What sequences do on other domains' events: their stop rules, in the transaction that appends the event. */
export const sequencesReactions: readonly DeclaredReaction[] = [
  // An opportunity changed stage: its enrollments stop where their sequence's stop rule says so.
  on('opportunity.stageChanged', async (trx, event, emit) => {
    await applyStageChangeStopRules(trx, event.tenantId, event.payload.opportunityId, event.occurredAt, emit);
  }),
  // A meeting with the contact (or on the opportunity) is what most sequences aim for: their stop rule ends the
  // live enrollments (or their meeting_booked branches see it).
  on('engagement.logged', async (trx, event, emit) => {
    if (!event.facts?.meetingBooked) return;
    const { contactId, opportunityId } = event.payload;
    await applyMeetingBookedStopRules(trx, event.tenantId, { contactId, opportunityId }, event.occurredAt, emit);
  }),
  // A classified reply of a contact: stop, pause or suppress; the event names the enrollments affected.
  on('mail.replyDetected', async (trx, event, emit) => {
    const { contactId, classification, returnDate } = event.payload;
    if (!contactId) return;
    const enrollmentIds = await applyReplyStopRules(trx, {
      tenantId: event.tenantId,
      contactId,
      classification,
      returnDate,
      now: event.occurredAt,
      emit,
    });
    return { enrollmentIds };
  }),
];
