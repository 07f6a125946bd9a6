// Node figures: identity tokens per second, cartbeacon (dist/server.mjs) against the documented
// reference code (bench/documented/tokens.mjs) in the same process, interleaved in rounds.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { median } from './lib.mjs';
import { referenceTokens } from './documented/tokens.mjs';

const SECRET = 'bench-secret-0123456789';
const ROUNDS = 5;
const ROUND_MS = 300;

function opsPerSecond(fn, ms) {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return (n * 1000) / elapsed;
}

export async function tokenFigures() {
  const server = await import('../dist/server.mjs');
  const ref = referenceTokens(SECRET);
  const fixture = JSON.parse(
    readFileSync(new URL('../test/fixtures/identify-properties.json', import.meta.url), 'utf8'),
  );
  const user = { id: fixture.userId, ...fixture.properties };
  const token = server.encryptUserData(user, SECRET);
  // The documented tokens are compatible (unsigned): verifyUserToken takes them only when told to.
  const UNSIGNED = { allowUnsigned: true };
  // Same token, same answer: the two implementations are compatible (checked before timing them).
  if (JSON.stringify(ref.verifyUserToken(token)) !== JSON.stringify(server.verifyUserToken(token, SECRET, UNSIGNED))) {
    throw new Error('reference and cartbeacon disagree on a compatible token');
  }
  if (server.verifyUserToken(ref.encryptUserData(user), SECRET, UNSIGNED).id !== user.id)
    throw new Error('cartbeacon cannot read a reference token');
  const cases = {
    encrypt: () => server.encryptUserData(user, SECRET),
    encryptRef: () => ref.encryptUserData(user),
    verify: () => server.verifyUserToken(token, SECRET, UNSIGNED),
    verifyRef: () => ref.verifyUserToken(token),
  };
  for (const fn of Object.values(cases)) opsPerSecond(fn, 100); // warm-up
  const runs = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++)
    for (const [k, fn] of Object.entries(cases)) runs[k].push(opsPerSecond(fn, ROUND_MS));
  const med = (k) => Math.round(median(runs[k]));
  return {
    encrypt: med('encrypt'),
    encryptRef: med('encryptRef'),
    verify: med('verify'),
    verifyRef: med('verifyRef'),
    tokenChars: token.length,
    runs,
  };
}
