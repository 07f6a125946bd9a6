// A bundled storefront's smallest real use of the npm entry: what tree-shaking leaves of `cartbeacon`.
import { createTracker } from 'cartbeacon';

const tracker = createTracker({ apiKey: 'KEY' });
tracker.track('page_view');
