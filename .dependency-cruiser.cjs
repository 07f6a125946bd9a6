// Import rules for `npm run check` (dependency-cruiser): no cycles, and the layering of DESIGN.md —
// arrows point down (core → transport → protocol); server, sync, proxy and collector use protocol,
// never the browser transport; nothing that ships to browsers imports Node modules.
const BROWSER = '^src/(core|transport|protocol|loader|react|vue|modules)/|^src/(index|snippet)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle makes load order matter.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'browser-without-node',
      severity: 'error',
      comment: 'Browser code must not import Node built-ins (they would ship, or break the build).',
      from: { path: BROWSER },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'browser-only-browser',
      severity: 'error',
      comment: 'Browser code imports only browser code (never server, sync, proxy, collector or cli).',
      from: { path: BROWSER },
      to: { path: '^src/', pathNot: BROWSER },
    },
    {
      name: 'proxy-without-node',
      severity: 'error',
      comment: 'cartbeacon/proxy runs on edge runtimes (Workers, Deno, Vercel edge): no Node built-ins.',
      from: { path: '^src/proxy(/|\\.ts$)' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'protocol-is-the-bottom',
      severity: 'error',
      comment: 'src/protocol is what every side shares: it imports nothing of the project.',
      from: { path: '^src/protocol/' },
      to: { path: '^src/', pathNot: '^src/protocol/' },
    },
    {
      name: 'node-sides-skip-the-browser-transport',
      severity: 'error',
      comment:
        'server, delivery, sync, relay, proxy, collector and cli share src/protocol, never src/transport or src/core.',
      from: { path: '^src/(server|delivery|sync|relay|proxy|collector|cli)/' },
      to: { path: '^src/(transport|core)/' },
    },
    {
      name: 'transport-below-core',
      severity: 'error',
      comment: 'The transport does not know the core that feeds it.',
      from: { path: '^src/transport/' },
      to: { path: '^src/core/' },
    },
    {
      name: 'modules-beside-the-core',
      severity: 'error',
      comment:
        'An optional module (src/modules) is its own file: it talks to the core only through ModuleHost (src/modules/module.ts) and may import src/protocol and its own folder; from src/core and src/transport only types (the typed events), which ship nothing, so no core code is bundled twice.',
      from: { path: '^src/modules/' },
      to: { path: '^src/(core|transport)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^cartbeacon:(snippet|core|module-hashes|module-list-hash)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
