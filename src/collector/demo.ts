// The demo storefront: its pages (with the loader snippet inlined where a shop would paste it),
// dist/ for the npm-build page, and `POST /demo/login`, which makes an identity token with the
// server helper as a shop's backend would.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encryptUserData } from '../server/tokens.js';
import { IngestError } from './errors.js';
import type { HttpContext } from './context.js';
import { DEMO_TOKEN_TTL_SECONDS, MAX_FORM_BYTES } from './limits.js';
import { demoDir, distFile } from './paths.js';
import { readBody, sendError, sendJson } from './respond.js';
import { contentTypeOf, readIfFile, resolveStatic, sendCached } from './static.js';
import { isRecord } from './decode.js';
import { inlineJson, snippetTag } from '../loader/tag.js';

/** Where demo pages want the snippet: replaced by the loader and `richpanel.load(KEY, {host})`. */
export const SNIPPET_MARKER = '<!-- cartbeacon:snippet -->';

/** Where demo pages want their settings (`window.CARTBEACON_DEMO = { apiKey }`), for the npm-build page. */
export const CONFIG_MARKER = '<!-- cartbeacon:config -->';

/** A Host header the demo can point its snippet at (`name` or `name:port`, IPv6 in brackets). */
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Where the dev server serves its stand-in for Richpanel's messenger (`demo/messenger.js`). */
export const MESSENGER_PATH = '/demo/messenger.js';

/**
 * The `richpanel.load` options of the demo pages: events go back to the server that served the page,
 * as the request's Host names it (the dev server speaks plain HTTP), and the messenger is the
 * stand-in, so the shop shows chat and events sharing one `did`; consent starts pending; the shop's
 * commerce steps are GA4 pushes to `window.dataLayer` (demo/js/data-layer.js), which the
 * e-commerce module turns into Richpanel's events.
 */
export function demoLoadOptions(
  hostHeader: string | undefined,
): { host: string; messenger: string; consent: 'pending'; ecommerce: 'dataLayer' } | undefined {
  if (!hostHeader || !HOST_HEADER.test(hostHeader)) return undefined;
  const host = `http://${hostHeader}`;
  // behind a consent banner (demo/js/consent.js), as an EU shop runs it
  return { host, messenger: `${host}${MESSENGER_PATH}`, consent: 'pending', ecommerce: 'dataLayer' };
}

async function loadSnippet(): Promise<string> {
  try {
    return await readFile(distFile('snippet.min.js'), 'utf8');
  } catch {
    // The page still renders and says why nothing is tracked.
    return 'console.error("cartbeacon demo: dist/snippet.min.js is missing: run npm run build");window.richpanel=window.richpanel||{load:function(){}};';
  }
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

async function login(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  if (!ctx.secret) {
    sendError(res, 503, 'demo login needs an API secret: set RICHPANEL_API_SECRET');
    return;
  }
  let form: unknown;
  try {
    form = JSON.parse((await readBody(req, MAX_FORM_BYTES)).text);
  } catch (error) {
    if (error instanceof IngestError) throw error;
    sendError(res, 400, 'send JSON: {"email": "...", "firstName": "..."}');
    return;
  }
  const email = isRecord(form) && typeof form.email === 'string' ? form.email.trim().toLowerCase() : '';
  if (!EMAIL.test(email)) {
    sendError(res, 400, 'email is missing or not an email address');
    return;
  }
  const text = (key: string) =>
    isRecord(form) && typeof form[key] === 'string' ? (form[key] as string).trim().slice(0, 100) : '';
  // A stable demo customer id from the email, as a shop's database would give.
  const id = `cust_${Buffer.from(email).toString('base64url').slice(0, 24)}`;
  const user = { id, email, firstName: text('firstName'), lastName: text('lastName') };
  const token = encryptUserData(user, ctx.secret, { ttlSeconds: DEMO_TOKEN_TTL_SECONDS });
  sendJson(res, 200, { token, user, expiresAt: Date.now() + DEMO_TOKEN_TTL_SECONDS * 1000 });
}

/** Handles demo routes; false when the request is not one (the caller goes on). */
export async function handleDemo(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: HttpContext,
): Promise<boolean> {
  if (url.pathname === '/demo/login') {
    if (req.method !== 'POST') {
      sendError(res, 405, 'use POST /demo/login', { Allow: 'POST' });
      return true;
    }
    try {
      await login(req, res, ctx);
    } catch (error) {
      if (!(error instanceof IngestError)) throw error;
      sendError(res, error.status, error.message);
    }
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const file =
    url.pathname === MESSENGER_PATH
      ? join(demoDir(), 'messenger.js')
      : resolveStatic({ '/': demoDir(), '/dist/': distFile('') }, url.pathname);
  const content = file ? await readIfFile(file) : undefined;
  if (!file || !content) return false;
  if (file.endsWith('.html')) {
    const apiKey = ctx.apiKey ?? 'demo';
    let html = content
      .toString('utf8')
      .replace(CONFIG_MARKER, () => `<script>window.CARTBEACON_DEMO = ${inlineJson({ apiKey })};</script>`);
    if (html.includes(SNIPPET_MARKER)) {
      const options = demoLoadOptions(req.headers.host);
      if (!options) {
        sendError(res, 400, 'the Host header is not a host name: open the demo as http://localhost:<port>/');
        return true;
      }
      const tag = snippetTag((await loadSnippet()).trim(), apiKey, options);
      // A function replacement: `$&`-style patterns in minified code must stay as they are.
      html = html.replace(SNIPPET_MARKER, () => tag);
    }
    sendCached(req, res, html, contentTypeOf(file));
  } else {
    sendCached(req, res, content, contentTypeOf(file));
  }
  return true;
}
