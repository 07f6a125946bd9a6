// `cartbeacon/snippet`: the loader for SSR frameworks and templates.
import SNIPPET from 'cartbeacon:snippet';

export { SNIPPET };

export interface SnippetOptions {
  /** Collector origin, default https://api.richpanel.com. */
  host?: string;
  /** CSP nonce for the inline tag and the injected core script. */
  nonce?: string;
}

/** JSON that is safe inside an inline <script>: no "</script>", no HTML comment openers, no U+2028/9. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

/**
 * The full inline tag a page needs: `<script>` + loader + `richpanel.load(key, { host, nonce })`.
 * @example snippetTag('KEY', { host: 'http://localhost:8787' })
 */
export function snippetTag(apiKey: string, options: SnippetOptions = {}): string {
  if (typeof apiKey !== 'string' || !apiKey)
    throw new TypeError('snippetTag(apiKey): apiKey must be a non-empty string');
  const opts: SnippetOptions = {};
  if (options.host) opts.host = options.host;
  if (options.nonce) opts.nonce = options.nonce;
  const nonce = options.nonce ? ` nonce="${options.nonce.replace(/[^A-Za-z0-9+/=_-]/g, '')}"` : '';
  const args = Object.keys(opts).length ? `${inlineJson(apiKey)},${inlineJson(opts)}` : inlineJson(apiKey);
  return `<script${nonce}>${SNIPPET}richpanel.load(${args});</script>`;
}
