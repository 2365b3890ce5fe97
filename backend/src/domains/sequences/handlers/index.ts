import { defineHandlers } from '../../../http/types';
import { approve as approvalApprove } from './approval/approve';
import { list as approvalList } from './approval/list';
import { reject as approvalReject } from './approval/reject';
import { get as metricsGet } from './metrics/get';
import { nextAction } from './run/nextAction';
import { archive } from './sequence/archive';
import { create } from './sequence/create';
import { enroll } from './sequence/enroll';
import { get } from './sequence/get';
import { list } from './sequence/list';
import { pause } from './sequence/pause';
import { resume } from './sequence/resume';
import { simulate } from './sequence/simulate';
import { preview as audiencePreview } from './audience/preview';
import { unsubscribe } from './sequence/unsubscribe';
import { update } from './sequence/update';
import { add as suppressionAdd } from './suppression/add';
import { list as suppressionList } from './suppression/list';
import { remove as suppressionRemove } from './suppression/remove';
import { add as holidayAdd } from './holiday/add';
import { list as holidayList } from './holiday/list';
import { remove as holidayRemove } from './holiday/remove';
import { get as settingsGet } from './settings/get';
import { update as settingsUpdate } from './settings/update';
import { rotate as webhookSecretRotate } from './webhookSecret/rotate';

/** Handlers of the sequences domain, keyed by operation ID. */
export const sequencesHandlers = defineHandlers({
  'sequence.create': create,
  'sequence.update': update,
  'sequence.list': list,
  'sequence.get': get,
  'sequence.archive': archive,
  'sequence.enroll': enroll,
  'sequence.pause': pause,
  'sequence.resume': resume,
  'sequence.unsubscribe': unsubscribe,
  'sequence.simulate': simulate,
  'sequence.audience.preview': audiencePreview,
  'sequence.approval.list': approvalList,
  'sequence.approval.approve': approvalApprove,
  'sequence.approval.reject': approvalReject,
  'sequence.run.nextAction': nextAction,
  'sequence.metrics.get': metricsGet,
  'suppression.add': suppressionAdd,
  'suppression.list': suppressionList,
  'suppression.remove': suppressionRemove,
  'sequence.settings.get': settingsGet,
  'sequence.settings.update': settingsUpdate,
  'sequence.webhookSecret.rotate': webhookSecretRotate,
  'holiday.list': holidayList,
  'holiday.add': holidayAdd,
  'holiday.remove': holidayRemove,
});
