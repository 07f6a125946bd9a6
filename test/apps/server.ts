// Starts a built app (`node server.mjs` in its folder) on 127.0.0.1 and a free port, and keeps what it
// prints, so a test can show it and check that the server rendered without an error.
import { spawn } from 'node:child_process';
import type { AppSpec } from './apps.js';
import { appEnv } from './apps.js';

/** How long a built app may take to listen (Next.js loads its server bundles first). */
const START_TIMEOUT_MS = 30_000;

export interface RunningApp {
  url: string;
  /** What the server wrote to stderr (errors of server rendering end up here). */
  stderr: () => string;
  stop(): Promise<void>;
}

export function startApp(app: AppSpec, collectorUrl: string): Promise<RunningApp> {
  const child = spawn(process.execPath, ['server.mjs'], {
    cwd: app.dir,
    env: appEnv({ CARTBEACON_HOST: collectorUrl, NODE_ENV: 'production' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${app.name} app did not start in ${START_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app.name} app exited with ${code}:\n${stdout}\n${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url, stderr: () => stderr, stop });
    });
  });
}
