// `cartbeacon/snippet`: the loader for SSR frameworks and templates.
import LOADER from 'cartbeacon:snippet';
import { snippetTag as tag } from './loader/tag.js';
import type { TrackerConfig } from './core/tracker.js';

/** The minified loader: the JavaScript to put in an inline `<script>` before `richpanel.load(key, options)`. */
// Typed here, not re-exported: the build-time module `cartbeacon:snippet` does not exist for users' tsc.
export const SNIPPET: string = LOADER;

/** The options of `richpanel.load(key, options)`: where the core comes from and the tracker's options. */
export interface SnippetOptions extends Omit<TrackerConfig, 'apiKey'> {
  /**
   * Where cartbeacon's core comes from (a copy of `dist/richpanel.min.js`, a CDN URL, the proxy).
   * Without `src` and `host`, the script is Richpanel's own.
   */
  src?: string;
  /** SRI hash of `src` (`sha384-…`, see `dist/integrity.json`); the script then gets `crossOrigin = "anonymous"`. */
  integrity?: string;
  /** CSP nonce for the inline tag and the injected scripts. */
  nonce?: string;
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
  for (const [key, value] of Object.entries(options) as [string, unknown][])
    if (value !== '' && value !== undefined) passed[key] = value;
  return tag(LOADER, apiKey, passed);
}
