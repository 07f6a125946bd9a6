// `GET <basePath>/v2/j/<KEY>`: cartbeacon's core, embedded in the proxy at build time (edge runtimes
// have no file system), with its content hash as ETag. The core reads the key from its own URL.
import { CORE_CACHE_CONTROL } from './limits.js';

/** The core script and its ETag (`"<sha-256 of the text>"`). */
export interface CoreScript {
  text: string;
  etag: string;
}

/** True when an `If-None-Match` list names `etag` (weak or strong) or is `*`. */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/** 200 with the script (no body for HEAD), or 304 when the browser has this very copy. */
export function serveCore(request: Request, core: CoreScript, cors: Record<string, string>): Response {
  const headers: Record<string, string> = {
    ...cors,
    etag: core.etag,
    'cache-control': CORE_CACHE_CONTROL,
    'x-content-type-options': 'nosniff',
  };
  if (matchesEtag(request.headers.get('if-none-match'), core.etag)) return new Response(null, { status: 304, headers });
  headers['content-type'] = 'application/javascript; charset=utf-8';
  return new Response(request.method === 'HEAD' ? null : core.text, { status: 200, headers });
}
