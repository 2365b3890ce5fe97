import { defineHandlers } from '../../../http/types';
import { get as cadenceGet } from './cadence/get';
import { update as cadenceUpdate } from './cadence/update';
import { complete as leadComplete } from './lead/complete';
import { create as leadCreate } from './lead/create';
import { list as leadDueList } from './lead/due/list';
import { get as leadGet } from './lead/get';
import { list as leadList } from './lead/list';
import { push as leadPush } from './lead/push';
import { reschedule as leadReschedule } from './lead/reschedule';
import { update as leadUpdate } from './lead/update';
import { create as promotionCreate } from './promotion/create';
import { deleteOp as promotionDelete } from './promotion/delete';
import { get as promotionGet } from './promotion/get';
import { list as promotionList } from './promotion/list';
import { preview as promotionPreview } from './promotion/preview';
import { restore as promotionRestore } from './promotion/restore';
import { complete as touchpointComplete } from './promotion/touchpoint/complete';
import { skip as touchpointSkip } from './promotion/touchpoint/skip';
import { update as promotionUpdate } from './promotion/update';

/** Handlers of the lead cadences and promotions domain, keyed by operation ID. */
export const cadencesHandlers = defineHandlers({
  'cadence.get': cadenceGet,
  'cadence.update': cadenceUpdate,
  'lead.create': leadCreate,
  'lead.list': leadList,
  'lead.get': leadGet,
  'lead.update': leadUpdate,
  'lead.due.list': leadDueList,
  'lead.complete': leadComplete,
  'lead.push': leadPush,
  'lead.reschedule': leadReschedule,
  'promotion.create': promotionCreate,
  'promotion.update': promotionUpdate,
  'promotion.get': promotionGet,
  'promotion.list': promotionList,
  'promotion.delete': promotionDelete,
  'promotion.preview': promotionPreview,
  'promotion.restore': promotionRestore,
  'promotion.touchpoint.complete': touchpointComplete,
  'promotion.touchpoint.skip': touchpointSkip,
});
