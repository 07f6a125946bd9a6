// Static files for the demo storefront, test pages and dist/. Only files under a mapped folder are
// served (no `..` escapes); everything is `no-cache`, so a rebuild shows up on the next reload.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file a URL path maps to, or undefined when no prefix matches or the path escapes its folder. */
export function resolveStatic(mounts: Record<string, string>, pathname: string): string | undefined {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  for (const prefix of prefixes) {
    const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
    if (!decoded.startsWith(base) && decoded !== prefix) continue;
    const folder = resolve(mounts[prefix] as string);
    let rest = decoded.slice(base.length);
    if (rest === '' || rest.endsWith('/')) rest += 'index.html';
    const file = resolve(join(folder, rest));
    if (file !== folder && !file.startsWith(folder + sep)) return undefined;
    return file;
  }
  return undefined;
}

export function etagOf(content: Buffer | string): string {
  return `"${createHash('sha1').update(content).digest('base64url').slice(0, 20)}"`;
}

/** Reads a regular file, or undefined when there is none. */
export async function readIfFile(file: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/** Sends content with an ETag; answers 304 when the browser already has it. */
export function sendCached(
  req: IncomingMessage,
  res: ServerResponse,
  content: Buffer | string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  const etag = etagOf(content);
  const common = { ETag: etag, 'Cache-Control': 'no-cache', ...headers };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, common).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(content)), ...common });
  res.end(req.method === 'HEAD' ? undefined : content);
}
