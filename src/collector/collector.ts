// startCollector: wires the store, the routes and the options into a listening node:http server.
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { EsputnikEmulator } from './emulators/esputnik.js';
import { RfmcubeEmulator } from './emulators/rfmcube.js';
import { checkFault } from './faults.js';
import type { HttpContext } from './context.js';
import { createHandler } from './http.js';
import { DEFAULT_WAIT_MS } from './limits.js';
import { distFile } from './paths.js';
import { EventStore } from './store.js';
import type {
  CollectorOptions,
  FaultSetting,
  IngestRecord,
  RunningCollector,
  StoredEvent,
  WaitOptions,
} from './types.js';

function checkFaults(faults: FaultSetting | undefined): void {
  if (faults && typeof faults !== 'function') checkFault(faults);
}

/**
 * Starts a local collector that speaks the Richpanel wire format (`POST /v2/bt`, `/v2/t`, `/v3/t`),
 * serves the core at `GET /v2/j/:key`, the event API and viewer (`/api/events`, `/events`) and,
 * with `demo`, the demo storefront. Resolves once it listens.
 */
export async function startCollector(options: CollectorOptions = {}): Promise<RunningCollector> {
  let faults = options.faults;
  checkFaults(faults);
  const store = new EventStore(options.dataDir);
  await store.load();
  const requests: IngestRecord[] = [];
  let requestCount = 0;
  const rfmcube = new RfmcubeEmulator(options.rfmcube ?? {}, store);
  const esputnik = new EsputnikEmulator(options.esputnik ?? {}, store);
  const ctx: HttpContext = {
    rfmcube,
    esputnik,
    store,
    requests,
    apiKey: options.apiKey,
    secret: options.secret,
    allowUnsignedTokens: options.allowUnsignedTokens === true,
    coreScript: options.coreScript ?? distFile('richpanel.min.js'),
    mounts: options.static ?? {},
    demo: options.demo === true,
    faults: () => faults,
    nextRequestNumber: () => ++requestCount,
    resetRequests: () => {
      requests.length = 0;
      requestCount = 0;
    },
    random: Math.random,
    loopback: /^(127\.|localhost$|::1$)/.test(options.host ?? '127.0.0.1'),
  };
  const handler = createHandler(ctx);
  const { mount } = options;
  const server = createServer(mount ? (req, res) => mount(req, res, () => handler(req, res)) : handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${host}:${options.port ?? 0}`;
      if (error.code === 'EADDRINUSE')
        reject(
          new Error(
            `port ${options.port} is already in use on ${host}: stop the other server or pick another port (--port / PORT)`,
          ),
        );
      else if (error.code === 'EACCES')
        reject(new Error(`not allowed to listen on ${where}: pick a port above 1023 (--port / PORT)`));
      else reject(new Error(`cannot listen on ${where}: ${error.message}`));
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  const waitForEvents = (n: number, options: number | WaitOptions = {}): Promise<StoredEvent[]> => {
    const { name, where, timeoutMs = DEFAULT_WAIT_MS } = typeof options === 'number' ? { timeoutMs: options } : options;
    const matching = () =>
      store.events.filter((e) => (name === undefined || e.name === name) && (where === undefined || where(e)));
    return new Promise((resolve, reject) => {
      const first = matching();
      if (first.length >= n) {
        resolve(first);
        return;
      }
      const timer = setTimeout(() => {
        unsubscribe();
        const what = name === undefined ? 'events' : `"${name}" events`;
        reject(
          new Error(
            `waited ${timeoutMs} ms for ${n} ${what}${where ? ' matching the test' : ''}, the collector has ${matching().length}: ${store.events.map((e) => e.name).join(', ') || 'none'}`,
          ),
        );
      }, timeoutMs);
      const unsubscribe = store.subscribe(() => {
        const found = matching();
        if (found.length < n) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(found);
      });
    });
  };

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    events: store.events,
    get count() {
      return store.count;
    },
    get counting() {
      return store.isCounting;
    },
    requests,
    rfmcube: rfmcube.state,
    esputnik: esputnik.state,
    setFaults(next) {
      checkFaults(next);
      faults = next;
    },
    waitForEvents,
    async clear() {
      ctx.resetRequests();
      await store.clear();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Live streams and keep-alive sockets would hold close() open forever.
        for (const socket of sockets) socket.destroy();
      })
        .then(() => rfmcube.close())
        .then(() => store.settled());
      return closing;
    },
  };
}
