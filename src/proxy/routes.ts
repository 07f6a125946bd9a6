// Which route a path is, relative to the base path (pure). Nothing outside this list is ever served
// or forwarded: the proxy is not an open relay.
import { BATCH_PATH, SCRIPT_PATH, SIGNED_SINGLE_PATH, SINGLE_PATH } from '../protocol/hosts.js';

/** The paths forwarded to the upstream, as they are there. */
export const EVENT_PATHS: readonly string[] = [BATCH_PATH, SIGNED_SINGLE_PATH, SINGLE_PATH];

export type Route =
  /** Not under the base path: the Node adapter passes it on. */
  | { kind: 'outside' }
  /** `<basePath>/v2/j/<KEY>`: the core script. */
  | { kind: 'core' }
  /** `<basePath>/v2/m/<name>.min.js`: a module file of the core's build (or the module list). */
  | { kind: 'module'; name: string }
  /** `<basePath>/v2/bt` and friends: `path` is the upstream path. */
  | { kind: 'events'; path: string }
  /** Under the base path, but nothing the proxy serves. */
  | { kind: 'unknown' };

/** Methods each route answers (OPTIONS is the CORS preflight). */
export const ALLOWED = { core: 'GET, HEAD, OPTIONS', module: 'GET, HEAD, OPTIONS', events: 'POST, OPTIONS' } as const;

const CORE = new RegExp(`^${SCRIPT_PATH}[^/]+$`);
const MODULE = /^\/v2\/m\/([a-z][a-z-]*)\.min\.js$/;

/** True when `pathname` is `basePath` or below it. */
export const isUnder = (pathname: string, basePath: string): boolean =>
  pathname === basePath || pathname.startsWith(`${basePath}/`);

/** The route of a URL's (already normalized) pathname; `isModule` says which module names exist. */
export function routeOf(pathname: string, basePath: string, isModule: (name: string) => boolean = () => false): Route {
  if (!isUnder(pathname, basePath)) return { kind: 'outside' };
  const rest = pathname.slice(basePath.length);
  if (EVENT_PATHS.includes(rest)) return { kind: 'events', path: rest };
  if (CORE.test(rest)) return { kind: 'core' };
  const module = MODULE.exec(rest);
  // only the files this build has: the name is looked up, never put into a path
  if (module && isModule(module[1]!)) return { kind: 'module', name: module[1]! };
  return { kind: 'unknown' };
}
