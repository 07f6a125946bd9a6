// CORS for any storefront origin, credentialed requests included (the public docs' XHR uses
// withCredentials and application/json, which needs a preflight).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PREFLIGHT_MAX_AGE_SECONDS } from './limits.js';

/** Sets the CORS headers of every answer: the request's Origin echoed, credentials allowed. */
export function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  res.setHeader('Vary', 'Origin');
}

/** Answers a preflight (`OPTIONS`): 204 with the methods and headers asked for. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  setCorsHeaders(req, res);
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  const asked = req.headers['access-control-request-headers'];
  const extra =
    typeof asked === 'string'
      ? asked
          .split(',')
          .map((h) => h.trim())
          .filter((h) => h !== '' && h.toLowerCase() !== 'content-type')
      : [];
  res.setHeader('Access-Control-Allow-Headers', ['Content-Type', ...extra].join(', '));
  res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
  // Chrome's Private Network Access: lets a public staging shop call a collector on localhost.
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.setHeader('Vary', 'Origin, Access-Control-Request-Headers');
  res.writeHead(204).end();
}
