import { parseArgs } from 'node:util';
import { credentialsFromEnv } from './credentials';
import { DEFAULT_PORT, startServer } from './index';
import { describe as describeError } from './describe';
import { consoleLogger } from './log';

/**
 * `npm run server -- [--port N] [--host [ADDR]]`: the local LiveKit-compatible server, the token
 * service and the web build, on 127.0.0.1 unless --host says otherwise.
 */
const USAGE = `Usage: npm run server -- [--port N] [--host [ADDRESS]]
  --port N        TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host [ADDR]   listen on a network interface (default 0.0.0.0) instead of 127.0.0.1
Environment: LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET make the token service front a real LiveKit.`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) fail(`--port must be a number from 0 to 65535, got "${value}"`);
  return Number(value);
}

/** `--host` alone means every interface; `--host ADDR` binds that address. */
function parseHost(argv: string[]): { args: string[]; host: string } {
  const args: string[] = [];
  let host = '127.0.0.1';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--host') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        host = next;
        i++;
      } else host = '0.0.0.0';
    } else if (arg.startsWith('--host=')) host = arg.slice('--host='.length) || '0.0.0.0';
    else args.push(arg);
  }
  return { args, host };
}

async function main(): Promise<void> {
  const { args, host } = parseHost(process.argv.slice(2));
  let values: { port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = parsePort(values.port);
  const credentials = credentialsFromEnv(process.env);
  if (!credentials.ok) fail(credentials.message);

  if (!/^127\.|^localhost$|^::1$/.test(host)) {
    console.warn(
      `WARNING: listening on ${host}: anyone who can reach this machine can fetch tokens and join any room ` +
        'they know the name of. Calls stay end-to-end encrypted (the key never reaches this server), but there is ' +
        'no TLS here: browsers will only give camera and microphone access over https, so put a TLS proxy in front.',
    );
  }
  const server = await startServer({
    port,
    host,
    apiKey: credentials.value.apiKey,
    apiSecret: credentials.value.apiSecret,
    livekitUrl: credentials.value.livekitUrl,
    logger: consoleLogger,
  });
  console.log(`Sealroom server listening on ${server.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // werift runs in this process and some of its internal promises and socket callbacks can fail on
  // a misbehaving peer; one broken connection must not end everyone's call.
  process.on('unhandledRejection', (reason) => {
    consoleLogger('error', 'unhandled rejection (call server keeps running)', { error: describeError(reason) });
  });
  process.on('uncaughtException', (error) => {
    consoleLogger('error', 'uncaught exception (call server keeps running)', { error: describeError(error) });
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') fail('That port is already in use: pick another with --port N.');
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
