import { operationTable } from '../../contract/defineOperation';
import { create as sequenceCreate } from '../sequence/create';
import { update as sequenceUpdate } from '../sequence/update';
import { list as sequenceList } from '../sequence/list';
import { get as sequenceGet } from '../sequence/get';
import { archive as sequenceArchive } from '../sequence/archive';
import { enroll as sequenceEnroll } from '../sequence/enroll';
import { pause as sequencePause } from '../sequence/pause';
import { resume as sequenceResume } from '../sequence/resume';
import { unsubscribe as sequenceUnsubscribe } from '../sequence/unsubscribe';
import { nextAction as sequenceRunNextAction } from '../sequence/run/nextAction';
import { get as sequenceMetricsGet } from '../sequence/metrics/get';
import { simulate as sequenceSimulate } from '../sequence/simulate';
import { preview as sequenceAudiencePreview } from '../sequence/audience/preview';
import { list as sequenceApprovalList } from '../sequence/approval/list';
import { approve as sequenceApprovalApprove } from '../sequence/approval/approve';
import { reject as sequenceApprovalReject } from '../sequence/approval/reject';
import { add as suppressionAdd } from '../suppression/add';
import { list as suppressionList } from '../suppression/list';
import { remove as suppressionRemove } from '../suppression/remove';
import { get as sequenceSettingsGet } from '../sequence/settings/get';
import { update as sequenceSettingsUpdate } from '../sequence/settings/update';
import { rotate as sequenceWebhookSecretRotate } from '../sequence/webhookSecret/rotate';
import { list as holidayList } from '../holiday/list';
import { add as holidayAdd } from '../holiday/add';
import { remove as holidayRemove } from '../holiday/remove';

/** Sequences: authoring, enrollment, the runner, approvals, suppression, sending settings and holidays. */
export const sequencesOperations = operationTable({
  'sequence.create': sequenceCreate,
  'sequence.update': sequenceUpdate,
  'sequence.list': sequenceList,
  'sequence.get': sequenceGet,
  'sequence.archive': sequenceArchive,
  'sequence.enroll': sequenceEnroll,
  'sequence.pause': sequencePause,
  'sequence.resume': sequenceResume,
  'sequence.unsubscribe': sequenceUnsubscribe,
  'sequence.run.nextAction': sequenceRunNextAction,
  'sequence.metrics.get': sequenceMetricsGet,
  'sequence.simulate': sequenceSimulate,
  'sequence.audience.preview': sequenceAudiencePreview,
  'sequence.approval.list': sequenceApprovalList,
  'sequence.approval.approve': sequenceApprovalApprove,
  'sequence.approval.reject': sequenceApprovalReject,
  'suppression.add': suppressionAdd,
  'suppression.list': suppressionList,
  'suppression.remove': suppressionRemove,
  'sequence.settings.get': sequenceSettingsGet,
  'sequence.settings.update': sequenceSettingsUpdate,
  'sequence.webhookSecret.rotate': sequenceWebhookSecretRotate,
  'holiday.list': holidayList,
  'holiday.add': holidayAdd,
  'holiday.remove': holidayRemove,
});
