import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { serverErrorListener } from './errors';

function capture() {
  const lines: { level: number; msg: string; err?: { message: string } }[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        done();
      },
    }),
  );
  return { log, lines };
}

describe('errors after the answer started', () => {
  it('treats a client that went away as routine (debug), and logs anything else once as an error', () => {
    const { log, lines } = capture();
    const listener = serverErrorListener(log);
    for (const code of ['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE'])
      listener(Object.assign(new Error('Premature close'), { code }));
    listener(new Error('disk on fire'));
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [20, 'client closed the connection before its answer was sent'],
      [20, 'client closed the connection before its answer was sent'],
      [20, 'client closed the connection before its answer was sent'],
      [50, 'error after the answer started'],
    ]);
    expect(lines[3]!.err?.message).toBe('disk on fire');
  });
});
