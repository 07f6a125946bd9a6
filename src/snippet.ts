// `cartbeacon/snippet`: the loader for SSR frameworks and templates.
import SNIPPET from 'cartbeacon:snippet';
import { snippetTag as tag } from './loader/tag.js';

export { SNIPPET };

export interface SnippetOptions {
  /** Collector origin, default https://api.richpanel.com. */
  host?: string;
  /** CSP nonce for the inline tag and the injected core script. */
  nonce?: string;
  /** Any other `richpanel.load` option (`src`, `integrity`, …), passed through as JSON. */
  [option: string]: unknown;
}

/**
 * The full inline tag a page needs: `<script>` + loader + `richpanel.load(key, options)`, with the
 * key and options escaped for an inline script and the nonce (if any) on the tag.
 * @example snippetTag('KEY', { host: 'http://localhost:8787' })
 */
export function snippetTag(apiKey: string, options: SnippetOptions = {}): string {
  if (typeof apiKey !== 'string' || !apiKey)
    throw new TypeError('snippetTag(apiKey): apiKey must be a non-empty string');
  // Empty strings mean "not set", as before: `{ host: '' }` loads from the default host.
  const passed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) if (value !== '' && value !== undefined) passed[key] = value;
  return tag(SNIPPET, apiKey, passed);
}
