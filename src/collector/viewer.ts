// `GET /events`: the live event viewer. One HTML page; its script is `viewerApp` (viewer-app.ts)
// inlined by source. A strict CSP (nonce-only scripts, no images) backs up the rule that every value
// is rendered with textContent.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { viewerApp } from './viewer-app.js';
import { VIEWER_CSS } from './viewer-style.js';

export function viewerHtml(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cartbeacon · events</title>
<style nonce="${nonce}">${VIEWER_CSS}</style>
</head>
<body>
<header class="bar">
  <h1>cartbeacon <span>events</span></h1>
  <label class="filter">Event <select id="filter"><option value="">all events</option></select></label>
  <span id="status" class="status">connecting…</span>
  <span id="count" class="count"></span>
  <button id="clear" type="button">Clear</button>
</header>
<main>
  <p id="empty" class="empty">No events yet. Open the <a href="/">demo shop</a> in another tab and click around.</p>
  <ol id="list" class="list"></ol>
</main>
<script nonce="${nonce}">(${viewerApp.toString()})(window);</script>
</body>
</html>
`;
}

export function sendViewer(req: IncomingMessage, res: ServerResponse): void {
  const nonce = randomBytes(16).toString('base64');
  const html = viewerHtml(nonce);
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}
