// The e-commerce module's debug codes: the module file cannot import the core's list
// (src/transport/warnings.ts), so it repeats its numbers; they must be the core's, which the
// README's "Debug codes" table explains (test/core/warnings.test.ts).
import { expect, it } from 'vitest';
import * as core from '../../src/transport/warnings.js';
import * as mod from '../../src/modules/ecommerce/warnings.js';

it("uses the core's numbers for its codes: W7, and W27-W29 registered as the e-commerce module's", () => {
  expect(mod.W_THREW).toBe(core.W_THREW);
  expect(mod.W_MISSING).toBe(core.W_EC_MISSING);
  expect(mod.W_VALUE).toBe(core.W_EC_VALUE);
  expect(mod.W_NO_LAYER).toBe(core.W_EC_NO_LAYER);
});
