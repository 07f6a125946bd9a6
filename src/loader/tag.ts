// The inline tag a page needs: `<script>` + the loader + `richpanel.load(key, options)` (pure). One
// function for `cartbeacon/snippet` and the dev server's demo pages, so both escape the same way.

/** JSON that is safe inside an inline `<script>`: no `</script>`, no `<!--`, no U+2028/9 line breaks. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Characters a CSP nonce is made of (base64 and base64url); anything else is dropped from the attribute. */
const NOT_NONCE = /[^A-Za-z0-9+/=_-]/g;

/**
 * `<script nonce="…">` + `source` (the minified loader) + `richpanel.load(key, options);` + `</script>`.
 * The key and the options (those not undefined) go in as JSON escaped for an inline script; the
 * options' `nonce`, when it is a string, also goes on the tag, keeping only nonce characters.
 */
export function snippetTag(source: string, apiKey: string, options: Record<string, unknown> = {}): string {
  const passed: Record<string, unknown> = {};
  for (const key of Object.keys(options)) if (options[key] !== undefined) passed[key] = options[key];
  const nonce =
    typeof passed.nonce === 'string' && passed.nonce ? ` nonce="${passed.nonce.replace(NOT_NONCE, '')}"` : '';
  const args = Object.keys(passed).length > 0 ? `${inlineJson(apiKey)},${inlineJson(passed)}` : inlineJson(apiKey);
  return `<script${nonce}>${source}richpanel.load(${args});</script>`;
}
