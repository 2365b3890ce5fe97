import type { Handler } from '#http/types';
import { writeThrough } from '#domains/mail/messageOps';

/** Moves a message to the inbox, the archive or a custom folder (Graph first; the immutable id stays). */
export const mailMessageMove: Handler<'mail.message.move'> = (input, ctx) =>
  writeThrough(ctx, input.id, async (adapter, ref, row) => {
    const destination = input.folder === 'custom' ? input.customFolderId! : input.folder;
    const moved = await adapter.moveMessage(ref, row.externalId, destination);
    return {
      folder: input.folder,
      folderId: moved.parentFolderId ?? null,
      customFolderId: input.folder === 'custom' ? (moved.parentFolderId ?? input.customFolderId!) : null,
      externalId: moved.id,
    };
  });
