import { defineHandlers } from '../../../http/types';
import { createWebhook } from './createWebhook';
import { deleteWebhook } from './deleteWebhook';
import { listEvents } from './listEvents';
import { listWebhooks } from './listWebhooks';

/** Handlers of the events domain, keyed by operation ID. */
export const eventsHandlers = defineHandlers({
  'event.list': listEvents,
  'webhook.create': createWebhook,
  'webhook.list': listWebhooks,
  'webhook.delete': deleteWebhook,
});
