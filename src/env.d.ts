/** The minified loader source, inlined at build time by rollup.config.mjs. */
declare module 'cartbeacon:snippet' {
  const source: string;
  export default source;
}
