import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { readServerConfig, USAGE, type ServerConfig } from './config/server-config';
import { startServer } from './index';
import { describe as describeError } from './describe';
import { consoleLogger } from './log';

/**
 * `sealroom-server [options]` (from a checkout `npm run server -- [options]`): the LiveKit-compatible server, the
 * token service and the web build, on 127.0.0.1 unless --host says otherwise. Settings: config/server-config.ts.
 */
function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

/** The certificate and key, read and tried once here so a bad file is named before anything listens. */
async function loadTls(tls: NonNullable<ServerConfig['tls']>): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (file: string, what: string) => {
    try {
      return await readFile(file);
    } catch (error) {
      fail(`cannot read the TLS ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? describeError(error)}`);
    }
  };
  const cert = await read(tls.certFile, 'certificate (--tls-cert)');
  const key = await read(tls.keyFile, 'key (--tls-key)');
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    // OpenSSL's own words ("key values mismatch", "no start line") say what is wrong; they never quote the key.
    fail(`the TLS certificate and key cannot be used together: ${describeError(error)}`);
  }
  return { cert, key };
}

async function main(): Promise<void> {
  const result = readServerConfig(process.argv.slice(2), process.env);
  if (!result.ok) fail(result.message);
  if (result.help) {
    console.log(USAGE);
    return;
  }
  const config = result.config;
  const tls = config.tls ? await loadTls(config.tls) : null;

  if (!/^127\.|^localhost$|^::1$/.test(config.host)) {
    console.warn(
      `WARNING: listening on ${config.host}: anyone who can reach this machine can fetch tokens and join any room ` +
        'they know the name of. Calls stay end-to-end encrypted (the key never reaches this server). ' +
        (tls ? '' : 'There is no TLS here: browsers only give camera and microphone access over https, so use --tls-cert/--tls-key or a TLS proxy in front (with --trust-proxy).'),
    );
  }
  const server = await startServer({
    port: config.port,
    host: config.host,
    apiKey: config.credentials.apiKey,
    apiSecret: config.credentials.apiSecret,
    livekitUrl: config.credentials.livekitUrl,
    livekitApiUrl: config.credentials.livekitApiUrl ?? null,
    tls,
    trustProxy: config.trustProxy,
    ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
    abuseLimits: config.abuseLimits,
    roomReaper: config.roomReaper,
    roomAdmission: config.roomAdmission,
    externalIp: config.externalIp,
    udpPorts: config.udpPorts,
    turn: config.turn,
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
  if (code === 'EADDRNOTAVAIL') fail('That address is not one of this machine\'s: check --host.');
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
