// The e-commerce module's debug codes: each explained in docs/ecommerce.md, none taken by the core.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as core from '../../src/transport/warnings.js';
import * as mod from '../../src/modules/ecommerce/warnings.js';

it("lists every new code in docs/ecommerce.md, none of them one of the core's; W7 is the core's own", () => {
  const doc = readFileSync('docs/ecommerce.md', 'utf8');
  const coreCodes = new Set<number>(Object.values(core));
  const own = Object.entries(mod).filter(([name]) => name !== 'W_THREW');
  expect(mod.W_THREW).toBe(core.W_THREW);
  for (const [name, n] of own) {
    expect(coreCodes.has(n as number), name).toBe(false);
    expect(doc, name).toMatch(new RegExp(`^\\| \`W${n}\` \\| .+ \\|$`, 'm'));
  }
  expect(new Set(own.map(([, n]) => n)).size).toBe(own.length);
});
