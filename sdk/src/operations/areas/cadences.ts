import { operationTable } from '../../contract/defineOperation';
import { get as cadenceGet } from '../cadence/get';
import { update as cadenceUpdate } from '../cadence/update';
import { list as leadDueList } from '../lead/due/list';
import { create as leadCreate } from '../lead/create';
import { get as leadGet } from '../lead/get';
import { list as leadList } from '../lead/list';
import { update as leadUpdate } from '../lead/update';
import { complete as leadComplete } from '../lead/complete';
import { push as leadPush } from '../lead/push';
import { reschedule as leadReschedule } from '../lead/reschedule';
import { create as promotionCreate } from '../promotion/create';
import { update as promotionUpdate } from '../promotion/update';
import { get as promotionGet } from '../promotion/get';
import { list as promotionList } from '../promotion/list';
import { deleteOp as promotionDelete } from '../promotion/delete';
import { preview as promotionPreview } from '../promotion/preview';
import { complete as promotionTouchpointComplete } from '../promotion/touchpoint/complete';
import { skip as promotionTouchpointSkip } from '../promotion/touchpoint/skip';
import { restore as promotionRestore } from '../promotion/restore';

/** Lead cadences and promotions (DESIGN.md section 12). */
export const cadencesOperations = operationTable({
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
  'promotion.touchpoint.complete': promotionTouchpointComplete,
  'promotion.touchpoint.skip': promotionTouchpointSkip,
  'promotion.restore': promotionRestore,
});
