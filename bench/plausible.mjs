// Plausible's tracker as a classic script, for the load -> ready and track() rows: the official
// npm package (@plausible-analytics/tracker, "same features and codebase as the official script")
// with its ES module export turned into an init call. The script
// calls window.benchReady() once it has run: the moment Plausible is ready.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function plausibleScript() {
  const file = require.resolve('@plausible-analytics/tracker');
  const source = readFileSync(file, 'utf8').replace(/export\s*\{[^}]*\}\s*;?\s*$/, '');
  const options = JSON.stringify({
    domain: 'bench.example',
    endpoint: '/api/event', // the shop's origin: Plausible's own requests are not what is measured
    autoCapturePageviews: false,
    captureOnLocalhost: true,
    logging: false,
  });
  return `(function(){${source}\ninit(${options});window.benchReady&&window.benchReady();})();`;
}

/** The package's version, for the report. */
export const plausibleVersion = () =>
  JSON.parse(readFileSync(join(dirname(require.resolve('@plausible-analytics/tracker')), 'package.json'), 'utf8'))
    .version;
