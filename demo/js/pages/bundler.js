// The bundler path: `import { createTracker } from 'cartbeacon'` (here the ESM build, served from
// /dist/index.mjs; a bundler resolves the bare name to the same file).
import { createTracker } from '/dist/index.mjs';
import { session } from '../store.js';
import { h, layout } from '../ui.js';

const apiKey = window.CARTBEACON_DEMO?.apiKey || 'demo-key';
const tracker = createTracker({ apiKey, host: location.origin });

layout('bundler');
tracker.track('page_view', { pageType: 'bundler', title: document.title });
const customer = session()?.user;
if (customer)
  tracker.identify(customer.id, { email: customer.email, firstName: customer.firstName, lastName: customer.lastName });

const result = h('p', { class: 'note', role: 'status', 'data-testid': 'bundler-result' }, 'Nothing sent yet.');
const query = h('input', { type: 'search', value: 'linen', 'aria-label': 'Search words' });
const send = async (name, properties) => {
  tracker.track(name, properties);
  result.textContent = `Tracked ${name}; sending…`;
  const delivered = await tracker.flush();
  result.textContent = delivered
    ? `Delivered ${name} (see /events).`
    : `Queued ${name}: the collector did not take it yet, the tracker will retry.`;
};

document.getElementById('main').append(
  h(
    'section',
    { class: 'panel' },
    h('h1', {}, 'The npm build'),
    h('p', {}, 'This page has no snippet. It imports the package as a React, Vue or plain ESM storefront would:'),
    h(
      'pre',
      { class: 'code' },
      `import { createTracker } from 'cartbeacon';

const richpanel = createTracker({ apiKey: ${JSON.stringify(apiKey)}, host: location.origin });
richpanel.track('search', { query: 'linen' });
await richpanel.flush();`,
    ),
    h(
      'form',
      {
        class: 'buy',
        onsubmit: (e) => {
          e.preventDefault();
          void send('search', { query: query.value });
        },
      },
      query,
      h('button', { type: 'submit', class: 'primary' }, 'Track a search'),
      h(
        'button',
        { type: 'button', onclick: () => void send('view_category', { category: 'Accessories' }) },
        'Track view_category',
      ),
    ),
    result,
  ),
);
