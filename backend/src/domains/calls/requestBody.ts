import type { Context } from 'koa';

const LIMIT = 1_000_000;

/** The body as text (the JSON parser skipped it: a form, or a CloudEvents batch type it does not know). */
export async function rawText(ctx: Context): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT) ctx.throw(413, 'body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A form-encoded body (Twilio's callbacks) as its fields. */
export async function formParams(ctx: Context): Promise<Record<string, string>> {
  return Object.fromEntries(new URLSearchParams(await rawText(ctx)));
}
