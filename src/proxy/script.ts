// A script the proxy serves (today the core at `GET <basePath>/v2/j/<KEY>`): one function for every
// such route, so each gets the same caching, ETag and 304. CORS, `Vary: Origin` and `nosniff` are
// added to it, as to every answer, by `withSharedHeaders`.
import { SCRIPT_CACHE_CONTROL } from './limits.js';

/** A script and its ETag (`"<sha-256 of the text>"`). */
export interface ServedScript {
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
export function serveScript(request: Request, script: ServedScript): Response {
  const headers: Record<string, string> = { etag: script.etag, 'cache-control': SCRIPT_CACHE_CONTROL };
  if (matchesEtag(request.headers.get('if-none-match'), script.etag))
    return new Response(null, { status: 304, headers });
  headers['content-type'] = 'application/javascript; charset=utf-8';
  return new Response(request.method === 'HEAD' ? null : script.text, { status: 200, headers });
}
