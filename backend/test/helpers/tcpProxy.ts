import net from 'node:net';

/**
 * A TCP relay to the test Postgres that a test can take down and bring back on the same port, to play an
 * outage: `down()` cuts every open connection and closes the port (new connections are refused);
 * `down('reset')` keeps the port open but resets every new connection at once (and counts it, so a test can count
 * connection attempts during the outage); `up()` relays again. `accepted()` counts every connection it took.
 */
export type TcpProxy = {
  port: number;
  accepted(): number;
  down(mode?: 'closed' | 'reset'): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
};

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let server: net.Server | null = null;
  let port = 0;
  let resetting = false;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((inbound) => {
        accepted += 1;
        if (resetting) return void inbound.resetAndDestroy();
        const outbound = net.connect(targetPort, targetHost);
        for (const socket of [inbound, outbound]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        inbound.pipe(outbound).pipe(inbound);
        inbound.on('close', () => outbound.destroy());
        outbound.on('close', () => inbound.destroy());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });

  const down = async (mode: 'closed' | 'reset' = 'closed') => {
    for (const socket of sockets) socket.destroy();
    if (mode === 'reset') {
      resetting = true;
      return;
    }
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  const up = async () => {
    resetting = false;
    if (!server) await listen();
  };

  await listen();
  return {
    get port() {
      return port;
    },
    accepted: () => accepted,
    down,
    up,
    close: () => down('closed'),
  };
}

/** `url` with its host and port replaced (to go through a proxy). */
export function viaPort(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}
