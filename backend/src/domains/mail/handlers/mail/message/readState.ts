import type { Handler } from '#http/types';
import { writeThrough } from '#domains/mail/messageOps';

/** Marks a message read or unread in Graph and the index. */
export const mailMessageReadState: Handler<'mail.message.readState'> = (input, ctx) =>
  writeThrough(ctx, input.id, async (adapter, ref, row) => {
    const patched = await adapter.patchMessage(ref, row.externalId, { isRead: input.isRead });
    return { isRead: patched.isRead ?? input.isRead };
  });
