import type { Handler } from '#http/types';
import { writeThrough } from '#domains/mail/messageOps';

/** Flags or unflags a message in Graph and the index. */
export const mailMessageFlag: Handler<'mail.message.flag'> = (input, ctx) =>
  writeThrough(ctx, input.id, async (adapter, ref, row) => {
    const patched = await adapter.patchMessage(ref, row.externalId, {
      flag: { flagStatus: input.flagged ? 'flagged' : 'notFlagged' },
    });
    return { isFlagged: patched.flag?.flagStatus === 'flagged' };
  });
