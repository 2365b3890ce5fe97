import { defineHandlers } from '../../../http/types';

/** Handlers of the directory domain, keyed by operation ID. */
export const directoryHandlers = defineHandlers({});
