// Small HTTP helpers shared by the routes: JSON answers and size-limited bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { IngestError } from './errors.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: message }, headers);
}

/** Reads a request body as UTF-8; 413 (IngestError) past `maxBytes`, announced or not. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<{ text: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const tooLarge = (size: string) =>
      new IngestError(413, `body is ${size}; the collector takes at most ${maxBytes} bytes`);
    const announced = Number(req.headers['content-length']);
    if (Number.isFinite(announced) && announced > maxBytes) {
      req.resume(); // drain, so the client can read the answer
      reject(tooLarge(`${announced} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      bytes += chunk.length;
      if (bytes > maxBytes) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(`over ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve({ text: Buffer.concat(chunks).toString('utf8'), bytes });
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}
