import { defineHandlers } from '../../../http/types';

/** Handlers of the engagements domain, keyed by operation ID. */
export const engagementsHandlers = defineHandlers({});
