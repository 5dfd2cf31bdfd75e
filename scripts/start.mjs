// `npm start`: builds the app, starts the embedded local server on 127.0.0.1:7880 and opens Sealroom against it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'vite';
import { buildElectron, repoRoot } from './build-electron.mjs';
import { runServer, stopOnSignals } from './run-server.mjs';

await buildElectron();
await build({ configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
const { child: server, ready } = runServer(process.argv.slice(2));
stopOnSignals(server);
let url;
try {
  url = await ready;
} catch (error) {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
}

// node_modules/.bin/electron downloads the binary on first use (Electron 45 installs lazily).
const electronCli = path.join(repoRoot, 'node_modules', 'electron', 'cli.js');
const app = spawn(process.execPath, [electronCli, repoRoot], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, SEALROOM_SERVER: url },
});
app.on('exit', (code) => {
  if (code !== 0) {
    console.error(
      `npm start: Electron exited with code ${code}. If its binary could not be downloaded, use the web app instead: it is running at ${url}`,
    );
    return; // keep the server running for the web fallback; Ctrl-C stops it
  }
  server.kill('SIGINT');
});
