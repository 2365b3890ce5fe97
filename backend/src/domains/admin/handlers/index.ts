import { defineHandlers } from '../../../http/types';

/** Handlers of the admin domain, keyed by operation ID. */
export const adminHandlers = defineHandlers({});
