/** The minified loader source, inlined at build time by rollup.config.mjs. */
declare module 'cartbeacon:snippet' {
  const source: string;
  export default source;
}

/** The built core (dist/richpanel.min.js) and its ETag, inlined into the proxy at build time (scripts/core-module.mjs). */
declare module 'cartbeacon:core' {
  export const CORE: string;
  export const CORE_ETAG: string;
  /** The module list (`modules`) and each module file of the same build, by name: text and ETag. */
  export const MODULES: Record<string, { text: string; etag: string }>;
}

/** The SRI hash of each module file built with this core (`page-views` → `sha256-…`), by rollup.config.mjs. */
declare module 'cartbeacon:module-hashes' {
  const hashes: Record<string, string>;
  export default hashes;
}

/** The SRI hash of the module list file built with this core (dist/richpanel.modules.min.js), by rollup.config.mjs. */
declare module 'cartbeacon:module-list-hash' {
  const hash: string;
  export default hash;
}
