// The first-party path: the snippet loads the core from this origin's /cb (cartbeacon/proxy, mounted
// by `cartbeacon dev`), and the core sends its events there too; the proxy forwards them upstream.
// The page lists every request it made under /cb, so the path can be seen before deploying it.
import { flush, pageView, track } from '../track.js';
import { h, layout } from '../ui.js';

layout('proxy');
pageView('proxy');

const base = `${location.origin}/cb`;
const rows = h('tbody', { 'data-testid': 'proxy-requests' });
const result = h('p', { class: 'note', role: 'status', 'data-testid': 'proxy-result' }, 'Nothing sent yet.');
const seen = new Set();

/** Adds the requests made under /cb (script, events) to the table, once each. */
function listRequests() {
  for (const entry of performance.getEntriesByType('resource')) {
    if (!entry.name.startsWith(`${base}/`) || seen.has(entry)) continue;
    seen.add(entry);
    const path = new URL(entry.name).pathname;
    rows.append(
      h(
        'tr',
        {},
        h('td', {}, path.includes('/v2/j/') ? 'core script' : 'events'),
        h('td', {}, h('code', {}, path)),
        h('td', {}, `${Math.round(entry.duration)} ms`),
      ),
    );
  }
}
new PerformanceObserver(listRequests).observe({ type: 'resource', buffered: true });

const send = async (name, properties) => {
  track(name, properties);
  result.textContent = `Tracked ${name}; sending through ${base}…`;
  result.textContent = (await flush())
    ? `Delivered ${name} through the proxy (see the upstream's viewer).`
    : `Queued ${name}: the upstream did not take it yet, the tracker will retry.`;
};

document.getElementById('main').append(
  h(
    'section',
    { class: 'panel' },
    h('h1', {}, 'First-party proxy'),
    h(
      'p',
      {},
      'This page loads cartbeacon’s core and sends its events through ',
      h('code', {}, '/cb'),
      ' on this origin, as a shop does with cartbeacon/proxy. The dev server forwards them to its upstream ',
      '(itself, so they show in the event viewer, or the URL given with --upstream), adding the ',
      'visitor’s address and never this site’s cookies.',
    ),
    h(
      'pre',
      { class: 'code' },
      `richpanel.load(KEY, { host: "${base}" });
// core:   GET  ${base}/v2/j/KEY   (served by the proxy from the package)
// events: POST ${base}/v2/bt      (forwarded to the upstream's /v2/bt)`,
    ),
    h(
      'div',
      { class: 'buy' },
      h(
        'button',
        { type: 'button', class: 'primary', onclick: () => void send('search', { query: 'linen' }) },
        'Track a search',
      ),
      h(
        'button',
        { type: 'button', onclick: () => void send('view_category', { category: 'Accessories' }) },
        'Track view_category',
      ),
    ),
    result,
    h('h2', {}, 'Requests under /cb'),
    h(
      'table',
      { class: 'requests' },
      h('thead', {}, h('tr', {}, h('th', {}, 'what'), h('th', {}, 'path'), h('th', {}, 'time'))),
      rows,
    ),
  ),
);
