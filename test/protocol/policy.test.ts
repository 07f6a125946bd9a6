import { describe, expect, it } from 'vitest';
import { classify } from '../../src/protocol/policy.js';

describe('classify (the status policy table)', () => {
  const table: [number, string][] = [
    [200, 'ok'],
    [204, 'ok'],
    [0, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [504, 'retry'],
    [501, 'drop'],
    [505, 'drop'],
    [413, 'split'],
    [400, 'drop'],
    [401, 'drop'],
    [403, 'drop'],
    [404, 'drop'],
    [422, 'drop'],
    [301, 'drop'],
  ];
  it.each(table)('answers status %i with %s', (status, verdict) => {
    expect(classify(status)).toBe(verdict);
  });

  it('treats every 2xx as delivered and nothing outside 200-299 as delivered', () => {
    for (let s = 100; s < 600; s++) expect(classify(s) === 'ok').toBe(s >= 200 && s < 300);
  });

  it('retries only network errors, 408, 429 and 5xx other than 501/505', () => {
    const retried = [];
    for (let s = 0; s < 700; s++) if (classify(s) === 'retry') retried.push(s);
    const expected = [0, 408, 429];
    for (let s = 500; s < 600; s++) if (s !== 501 && s !== 505) expected.push(s);
    expect(retried).toEqual(expected);
  });
});
