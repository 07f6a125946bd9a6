// A page that froze Object.prototype (a hardening some shops apply): `obj.constructor = x` then
// fails, so a sanitizer that assigns would drop objects with such keys. Its own file: vitest runs
// each file in its own worker, so the freeze stays here.
import { expect, it } from 'vitest';
import { sanitize } from '../../src/core/sanitize.js';

it('keeps constructor, toString and valueOf keys where Object.prototype is frozen', () => {
  Object.freeze(Object.prototype);
  const props = JSON.parse('{"constructor":"c","toString":"t","valueOf":"v","hasOwnProperty":"h","x":{"y":1}}');
  const warnings: number[] = [];
  const out = sanitize(props, (kind) => warnings.push(kind)) as Record<string, unknown>;
  expect(warnings).toEqual([]);
  expect(Object.keys(out)).toEqual(['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'x']);
  expect(JSON.parse(JSON.stringify(out))).toEqual(props);
});
