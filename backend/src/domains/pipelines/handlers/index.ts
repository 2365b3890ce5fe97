import { defineHandlers } from '../../../http/types';

/** Handlers of the pipelines domain, keyed by operation ID. */
export const pipelinesHandlers = defineHandlers({});
