import type { Handler } from '#http/types';
import { readSequenceSettings } from '#domains/sequences/settings';

/** The tenant's daily cap of automated email and each mailbox's Exchange limits. */
export const sequenceSettingsGet: Handler<'sequence.settings.get'> = async (_input, ctx) => readSequenceSettings(ctx);
