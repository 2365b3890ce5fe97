import { defineHandlers } from '../../../http/types';

/** Handlers of the crm domain, keyed by operation ID. */
export const crmHandlers = defineHandlers({});
