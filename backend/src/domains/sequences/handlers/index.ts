import { defineHandlers } from '../../../http/types';
import { archive } from './sequence/archive';
import { create } from './sequence/create';
import { get } from './sequence/get';
import { list } from './sequence/list';
import { update } from './sequence/update';

/** Handlers of the sequences domain, keyed by operation ID. */
export const sequencesHandlers = defineHandlers({
  'sequence.create': create,
  'sequence.update': update,
  'sequence.list': list,
  'sequence.get': get,
  'sequence.archive': archive,
});
