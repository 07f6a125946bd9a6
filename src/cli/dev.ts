// `cartbeacon dev`: the local collector, live event viewer and demo storefront (what `npm start` runs).
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startCollector } from '../collector/index.js';
import type { Fault } from '../collector/index.js';
import { distFile } from '../collector/paths.js';
import { createProxy, toNodeHandler } from '../proxy.js';
import { resolveOptions } from '../proxy/options.js';
import { UsageError } from './args.js';

/** The port `npm start` listens on unless PORT or --port says otherwise. */
export const DEFAULT_PORT = 8787;
/** Public demo credentials: fine on localhost, printed when no real ones are configured. */
export const DEMO_API_KEY = 'demo-key';
export const DEMO_API_SECRET = 'demo-secret-for-local-use-only';
export const DEFAULT_DATA_DIR = '.cartbeacon';
/** Where the dev server mounts the first-party proxy (cartbeacon/proxy's default base path). */
export const PROXY_BASE_PATH = '/cb';

export const DEV_USAGE = `Usage: cartbeacon dev [options]

Runs a local collector that speaks the Richpanel wire format, a live event viewer at /events and a
demo storefront at /.

Options:
  -p, --port <n>          port to listen on (env PORT, default ${DEFAULT_PORT}; 0 picks a free one)
      --host <addr>       interface to listen on (default 127.0.0.1; 0.0.0.0 for your network)
      --key <key>         API key (env RICHPANEL_API_KEY, default "${DEMO_API_KEY}")
      --secret <secret>   API secret for tokens and signed batches (env RICHPANEL_API_SECRET)
      --data <dir>        folder for events.jsonl (env CARTBEACON_DATA, default ${DEFAULT_DATA_DIR}/)
      --memory            keep events in memory only
      --allow-unsigned-tokens
                          trust identity tokens without a signature (compatible tokens, which
                          can be forged); by default their events are stored as visitors
      --fail-rate <0..1>  fail this fraction of ingest requests
      --status <code>     status of injected failures (default 503; alone: every request fails)
      --retry-after <s>   Retry-After header on injected failures
      --latency <ms>      delay every ingest answer
      --upstream <url>    where the first-party proxy at ${PROXY_BASE_PATH} forwards events (default: this
                          server; e.g. https://api.richpanel.com). Demo page: /proxy.html
  -h, --help              show this help

Ctrl-C stops the server.`;

export interface DevConfig {
  port: number;
  host: string;
  apiKey: string;
  secret: string;
  /** True when key or secret fell back to the public demo values. */
  demoKey: boolean;
  demoSecret: boolean;
  dataDir: string | null;
  fault: Fault | undefined;
  /** Where the proxy at /cb forwards; undefined: this dev server itself. */
  upstream: string | undefined;
  /** --allow-unsigned-tokens: trust compatible (unsigned) identity tokens. */
  allowUnsignedTokens: boolean;
}

export { UsageError };

function number(
  name: string,
  text: string | undefined,
  check: (n: number) => boolean,
  want: string,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value))
    throw new UsageError(`${name} must be ${want}, got "${text}"`);
  return value;
}

/** Flags and environment -> configuration (pure). Returns 'help' for --help. */
export function parseDevArgs(argv: string[], env: Record<string, string | undefined>): DevConfig | 'help' {
  const parse = () =>
    parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        key: { type: 'string' },
        secret: { type: 'string' },
        data: { type: 'string' },
        memory: { type: 'boolean' },
        'allow-unsigned-tokens': { type: 'boolean' },
        'fail-rate': { type: 'string' },
        status: { type: 'string' },
        'retry-after': { type: 'string' },
        latency: { type: 'string' },
        upstream: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse());
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const port =
    number(
      values.port !== undefined ? '--port' : 'PORT',
      values.port ?? (env.PORT || undefined),
      (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
      'a port number (0-65535)',
    ) ?? DEFAULT_PORT;
  const failRate = number('--fail-rate', values['fail-rate'], (n) => n >= 0 && n <= 1, 'between 0 and 1');
  const status = number(
    '--status',
    values.status,
    (n) => Number.isInteger(n) && n >= 100 && n <= 599,
    'an HTTP status (100-599)',
  );
  const retryAfter = values['retry-after'];
  if (retryAfter !== undefined)
    number('--retry-after', retryAfter, (n) => Number.isInteger(n) && n >= 0, 'whole seconds');
  const latencyMs = number('--latency', values.latency, (n) => n >= 0, 'milliseconds (0 or more)');
  const fault: Fault = {};
  if (failRate !== undefined) fault.failRate = failRate;
  if (status !== undefined) fault.status = status;
  if (retryAfter !== undefined) fault.retryAfter = retryAfter;
  if (latencyMs !== undefined) fault.latencyMs = latencyMs;
  let upstream: string | undefined;
  try {
    if (values.upstream !== undefined) upstream = resolveOptions({ upstream: values.upstream }).upstream;
  } catch {
    throw new UsageError(
      `--upstream must be an http(s) URL without query or credentials, such as https://api.richpanel.com, got "${values.upstream}"`,
    );
  }
  const apiKey = values.key || env.RICHPANEL_API_KEY || '';
  const secret = values.secret || env.RICHPANEL_API_SECRET || '';
  const data = values.data || env.CARTBEACON_DATA || DEFAULT_DATA_DIR;
  return {
    port,
    host: values.host || '127.0.0.1',
    apiKey: apiKey || DEMO_API_KEY,
    secret: secret || DEMO_API_SECRET,
    demoKey: !apiKey,
    demoSecret: !secret,
    dataDir: values.memory ? null : resolve(data),
    fault: Object.keys(fault).length > 0 ? fault : undefined,
    upstream,
    allowUnsignedTokens: values['allow-unsigned-tokens'] === true,
  };
}

function describeFault(fault: Fault): string {
  const parts: string[] = [];
  if (fault.failRate !== undefined)
    parts.push(`fail ${Math.round(fault.failRate * 100)}% of ingest requests with ${fault.status ?? 503}`);
  else if (fault.status !== undefined) parts.push(`answer every ingest request with ${fault.status}`);
  if (fault.retryAfter !== undefined) parts.push(`Retry-After ${fault.retryAfter}`);
  if (fault.latencyMs !== undefined) parts.push(`${fault.latencyMs} ms latency`);
  return parts.join(', ');
}

/** A path relative to the working folder when it is inside it (shorter to read), else absolute. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export async function run(argv: string[]): Promise<number> {
  let config: DevConfig | 'help';
  try {
    config = parseDevArgs(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`cartbeacon dev: ${error.message}\n\n${DEV_USAGE}`);
    return 2;
  }
  if (config === 'help') {
    console.log(DEV_USAGE);
    return 0;
  }
  // The first-party proxy, in front of --upstream or of this server (known once it listens).
  let proxy: ReturnType<typeof toNodeHandler> | undefined;
  const collector = await startCollector({
    apiKey: config.apiKey,
    secret: config.secret,
    host: config.host,
    port: config.port,
    dataDir: config.dataDir,
    allowUnsignedTokens: config.allowUnsignedTokens,
    demo: true,
    ...(config.fault ? { faults: config.fault } : {}),
    mount: (req, res, next) => (proxy ? proxy(req, res, next) : next()),
  });
  const { url } = collector;
  const upstream = config.upstream ?? url;
  proxy = toNodeHandler(createProxy({ upstream, basePath: PROXY_BASE_PATH }));
  const lines = [
    '',
    '  cartbeacon dev collector',
    '',
    `  Shop     ${url}/`,
    `  Viewer   ${url}/events`,
    `  API      ${url}/v2/bt   (core script ${url}/v2/j/${encodeURIComponent(config.apiKey)})`,
    `  Proxy    ${url}${PROXY_BASE_PATH}/v2/bt → ${upstream}/v2/bt   (first-party demo page ${url}/proxy.html)`,
    `  Emulated Rfmcube ${url}/rfmcube/v1, eSputnik ${url}/esputnik (use as cartbeacon sync --to … --base-url)`,
    `  Relay    cartbeacon send changes.jsonl --to richpanel,rfmcube,esputnik --dev ${url}`,
    `  Data     ${config.dataDir ? `${displayPath(join(config.dataDir, 'events.jsonl'))} (${collector.counting ? 'a large file: counting its events in the background' : `${collector.count} events reloaded`})` : 'memory only'}`,
  ];
  if (config.fault) lines.push(`  Faults   ${describeFault(config.fault)}`);
  if (config.allowUnsignedTokens)
    lines.push('  Tokens   unsigned (compatible) tokens are trusted: they can be forged, use on trusted pages only');
  lines.push('');
  if (config.demoKey) lines.push(`  No RICHPANEL_API_KEY: using the demo key "${DEMO_API_KEY}".`);
  if (config.demoSecret)
    lines.push(`  No RICHPANEL_API_SECRET: using the demo secret "${DEMO_API_SECRET}" (local use only).`);
  if (!existsSync(distFile('richpanel.min.js')))
    lines.push('  dist/richpanel.min.js is missing: run "npm run build" so pages can load the core.');
  lines.push(
    `  Point a storefront here: richpanel.load(${JSON.stringify(config.apiKey)}, { host: "${url}" })`,
    '  Ctrl-C to stop.',
    '',
  );
  console.log(lines.join('\n'));

  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C while closing: give up waiting.
        process.exit(130);
      }
      stopping = true;
      console.log(`\n  ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping… (${collector.count} events stored)`);
      collector.close().then(
        () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          done(0);
        },
        (error: unknown) => {
          console.error(`cartbeacon dev: could not stop cleanly: ${(error as Error).message}`);
          done(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
