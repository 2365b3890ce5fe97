import pg from 'pg';
import { DB_CONNECT_TIMEOUT_MS } from '#db/knex';
import { backoffMs, type BackoffPolicy } from '#lib/backoff';
import type { Logger } from 'pino';

/** The channel `mountOperations` notifies (payload: the tenant id) when a request wrote events. */
export const EVENTS_CHANNEL = 'pivotal_events';

/** One dedicated connection that LISTENs on a channel and comes back after losing the server. */
export type PgListener = { close(): Promise<void> };

export type PgListenerOptions = {
  connection: string | pg.ClientConfig;
  channel: string;
  log: Logger;
  onNotify(payload: string): void;
  /** After (re)connecting: notifications sent meanwhile are lost, so consumers should re-read. */
  onConnect?(): void;
};

const RECONNECT: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000 };

/** Starts listening now; reconnects with backoff (1 s doubling to 30 s) until closed. */
export function createPgListener(options: PgListenerOptions): PgListener {
  let client: pg.Client | null = null;
  let closed = false;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(
      () => {
        timer = null;
        void connect();
      },
      backoffMs(RECONNECT, (failures += 1)),
    );
    timer.unref();
  };

  const connect = async () => {
    const config =
      typeof options.connection === 'string' ? { connectionString: options.connection } : options.connection;
    const c = new pg.Client({
      connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
      ...config,
      application_name: 'pivotal-listen',
    });
    client = c;
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      c.removeAllListeners('notification');
      void c.end().catch(() => undefined);
      if (!closed)
        options.log.warn({ err: err?.message, channel: options.channel }, 'event listener lost its connection');
      schedule();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (msg) => {
      if (msg.channel === options.channel) options.onNotify(msg.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(options.channel)}`);
      if (closed) return void (await c.end().catch(() => undefined));
      failures = 0;
      options.onConnect?.();
    } catch (err) {
      lost(err as Error);
    }
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
