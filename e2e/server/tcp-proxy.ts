import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** `ws://127.0.0.1:<port>`: give this to a client instead of the server's URL. */
  wsUrl: string;
  /** Connections forwarded so far. */
  readonly connections: number;
  /** Ends every open connection at once and refuses new ones until `restore()`: a network that went away. */
  cut(): void;
  restore(): void;
  /**
   * Open connections go silent in both directions, closes included, while their sockets stay open on both sides: a
   * one-sided loss where neither end learns of the other's hang-up. New connections pass.
   */
  blackhole(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy for signalling in tests: between a client and the server's HTTP port, so the WebSocket (and
 * /rtc/validate) can be cut while media, which is UDP between the peers, flows untouched.
 */
export async function startTcpProxy(targetPort: () => number): Promise<TcpProxy> {
  let refusing = false;
  let connections = 0;
  const open = new Set<{ client: net.Socket; upstream: net.Socket; silenced: boolean }>();
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    connections++;
    const upstream = net.connect(targetPort(), '127.0.0.1');
    const pair = { client, upstream, silenced: false };
    open.add(pair);
    const forward = (from: net.Socket, to: net.Socket) => {
      from.on('data', (chunk: Buffer) => {
        if (!pair.silenced) to.write(chunk);
      });
      from.on('end', () => {
        if (!pair.silenced) to.end();
      });
      from.on('error', () => {
        if (!pair.silenced) to.destroy();
      });
      from.on('close', () => {
        if (!pair.silenced) to.destroy();
        if (client.destroyed && upstream.destroyed) open.delete(pair);
      });
    };
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    cut() {
      refusing = true;
      for (const pair of open) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      open.clear();
    },
    restore() {
      refusing = false;
    },
    blackhole() {
      for (const pair of open) pair.silenced = true;
    },
    async close() {
      refusing = true;
      for (const pair of open) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
