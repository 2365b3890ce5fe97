import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { BotConversationReference } from '../../../schemas/sla';

export const save = defineOperation({
  id: 'bot.installation.save',
  kind: 'mutation',
  summary:
    "Stores the caller's personal chat with the Teams bot (the bot calls it when the user installs it), so proactive cards can reach them.",
  input: z.object({ reference: BotConversationReference }),
  output: z.object({ installed: z.literal(true) }),
  errors: [],
  permission: 'self',
  emits: [],
  source: 'project',
});
