/** The minified loader source, inlined at build time by rollup.config.mjs. */
declare module 'cartbeacon:snippet' {
  const source: string;
  export default source;
}

/** The built core (dist/richpanel.min.js) and its ETag, inlined into the proxy at build time (scripts/core-module.mjs). */
declare module 'cartbeacon:core' {
  export const CORE: string;
  export const CORE_ETAG: string;
}
