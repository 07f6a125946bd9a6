// A real redis-server for one test (Debian's /usr/bin/redis-server; .ci/run installs it): its own
// free port on 127.0.0.1, its own folder, no RDB snapshots, AOF when asked. Never the machine's
// service on 6379. `kill()` is a crash (SIGKILL); `start()` again reopens the same folder and port.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServerOptions {
  /** `appendonly yes` with this `appendfsync` (always: a reply means the write is on disk). */
  aof?: 'always' | 'everysec';
}

export class RedisServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'cartbeacon-redis-'));
  port = 0;
  private child: ChildProcess | undefined;

  constructor(private readonly options: RedisServerOptions = {}) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--dir', this.dir];
    args.push('--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--logfile', '');
    if (this.options.aof) args.push('--appendonly', 'yes', '--appendfsync', this.options.aof);
    else args.push('--appendonly', 'no');
    const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    // Never outlives the test process, even when a test ends it before its teardown ran.
    const orphan = () => child.kill('SIGKILL');
    process.once('exit', orphan);
    child.once('exit', () => process.off('exit', orphan));
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          child.stdout!.off('data', onData);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
    });
    child.stdout!.resume();
    child.stderr!.resume();
  }

  /**
   * Ends the server. SIGKILL is a crash (nothing flushed beyond what it had written) and keeps its
   * folder for `start()` to reopen; any other stop is the last one and removes the folder.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    }
    if (signal !== 'SIGKILL') rmSync(this.dir, { recursive: true, force: true });
  }

  /** A plain client for the test's own looks at Redis. */
  client(): Redis {
    return new Redis(this.url, { maxRetriesPerRequest: 3 });
  }
}

export async function startRedis(options?: RedisServerOptions): Promise<RedisServer> {
  const server = new RedisServer(options);
  await server.start();
  return server;
}
