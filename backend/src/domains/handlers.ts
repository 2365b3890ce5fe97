import { operationIds, type OperationId } from '@pivotal-pm/sdk';
import { notImplemented, type Handlers, type NotImplemented } from '../http/types';
import { adminHandlers } from './admin/handlers';
import { cadencesHandlers } from './cadences/handlers';
import { clientsHandlers } from './clients/handlers';
import { crmHandlers } from './crm/handlers';
import { directoryHandlers } from './directory/handlers';
import { engagementsHandlers } from './engagements/handlers';
import { eventsHandlers } from './events/handlers';
import { mailboxConnectHandlers } from './mail/connect/handlers';
import { mailHandlers } from './mail/handlers';
import { pipelinesHandlers } from './pipelines/handlers';
import { sequencesHandlers } from './sequences/handlers';

const implemented = {
  ...directoryHandlers,
  ...clientsHandlers,
  ...crmHandlers,
  ...pipelinesHandlers,
  ...engagementsHandlers,
  ...adminHandlers,
  ...eventsHandlers,
  ...mailboxConnectHandlers,
  ...mailHandlers,
  ...cadencesHandlers,
  ...sequencesHandlers,
};

type Pending = Exclude<OperationId, keyof typeof implemented>;

/** Operations whose issue has not come yet: they answer 501 not_implemented. */
export const pendingOperations = operationIds.filter((id) => !Object.hasOwn(implemented, id)) as Pending[];

const pending = Object.fromEntries(pendingOperations.map((id) => [id, notImplemented])) as Record<Pending, NotImplemented>;

/** Every operation's handler (a `Record<OperationId, Handler>`); the pending ones answer 501. */
export const handlers: Handlers = { ...pending, ...implemented };
