// `npm run web -- [--port N] [--host]`: builds the renderer and serves it with the local server, for joining from a browser.
import path from 'node:path';
import { build } from 'vite';
import { repoRoot } from './build-electron.mjs';
import { runServer, stopOnSignals } from './run-server.mjs';

await build({ configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
const { child, ready } = runServer(process.argv.slice(2));
stopOnSignals(child);
try {
  const url = await ready;
  console.log(`Open ${url} in a browser to start or join a call.`);
} catch (error) {
  console.error(`npm run web: ${error.message}`);
  process.exit(1);
}
child.on('exit', (code) => process.exit(code ?? 0));
