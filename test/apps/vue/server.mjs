// Serves the built app on 127.0.0.1 and a free port, rendering every page on the server, and prints
// its URL (the test reads it). CARTBEACON_HOST is passed to the browser in the page.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const root = import.meta.dirname;
const client = join(root, 'dist', 'client');
const template = await readFile(join(client, 'index.html'), 'utf8');
const { render } = await import('./dist/server/entry-server.js');
const config = { host: process.env.CARTBEACON_HOST };
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  try {
    if (url.pathname.startsWith('/assets/')) {
      const file = normalize(join(client, url.pathname));
      if (!file.startsWith(client)) throw new Error('outside the client folder');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      return;
    }
    const html = await render(url.pathname + url.search, config);
    const state = `<script>window.__APP_CONFIG__=${JSON.stringify(config).replaceAll('<', '\\u003c')}</script>`;
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(template.replace('<!--app-head-->', state).replace('<!--app-html-->', html));
  } catch (error) {
    console.error(error);
    res.writeHead(url.pathname.startsWith('/assets/') ? 404 : 500).end();
  }
});
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
