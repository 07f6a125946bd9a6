import { defineConfig } from 'vitest/config';
// cartbeacon/proxy imports the built core as `cartbeacon:core` (the build inlines it; so do the tests).
import { coreModule } from './scripts/core-module.mjs';
// The core and the module list import their modules' hashes (`cartbeacon:module-…`) the same way.
import { moduleHashes } from './scripts/module-hashes.mjs';

export default defineConfig({
  plugins: [coreModule(), moduleHashes()],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Unit tests that need a DOM opt in per file with `// @vitest-environment happy-dom`.
    testTimeout: 20_000,
  },
});
