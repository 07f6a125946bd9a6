import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Unit tests that need a DOM opt in per file with `// @vitest-environment happy-dom`.
    testTimeout: 20_000,
  },
});
