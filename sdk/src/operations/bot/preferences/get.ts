import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { BotPreferences } from '../../../schemas/sla';

export const get = defineOperation({
  id: 'bot.preferences.get',
  kind: 'query',
  summary:
    "Gets what the Teams bot may send a user and when (digest frequency, quiet hours, opt-outs): the caller's own, or another user's with user.manage.",
  input: z.object({ userId: Id.optional() }),
  output: BotPreferences,
  errors: ['not_found'],
  permission: 'self',
  emits: [],
  source: 'project',
});
