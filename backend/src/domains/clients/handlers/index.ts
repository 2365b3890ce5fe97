import { defineHandlers } from '../../../http/types';

/** Handlers of the clients domain, keyed by operation ID. */
export const clientsHandlers = defineHandlers({});
