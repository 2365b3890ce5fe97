import { defineHandlers } from '../../../http/types';

/** Handlers of the events domain, keyed by operation ID. */
export const eventsHandlers = defineHandlers({});
