import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';

export const remove = defineOperation({
  id: 'bot.installation.remove',
  kind: 'mutation',
  summary: "Forgets the caller's personal chat with the Teams bot (the bot calls it when the user uninstalls it).",
  input: z.object({}),
  output: z.object({ installed: z.literal(false) }),
  errors: [],
  permission: 'self',
  emits: [],
  source: 'project',
});
