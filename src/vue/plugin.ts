// The Vue plugin: one tracker per app, provided to every component (`useTracker()`).
import type { App, InjectionKey } from 'vue';
import { createTracker } from '../index.js';
import type { Tracker, TrackerConfig } from '../index.js';

/** Where the app's tracker is provided (`inject(TRACKER_KEY)` is what `useTracker()` does). */
export const TRACKER_KEY: InjectionKey<Tracker> = Symbol('cartbeacon');

/**
 * The cartbeacon Vue plugin: `app.use(cartbeacon, { apiKey: 'KEY', pageViews: 'history' })` creates one
 * tracker for the app with the `createTracker` options; components get it with `useTracker()`.
 *
 * Safe in server rendering (Vite SSR, Nuxt): on the server the tracker is a no-op, and the plugin
 * renders nothing, so there is no hydration mismatch.
 */
const cartbeacon = {
  /** Called by `app.use(cartbeacon, options)`. */
  install(app: App, options: TrackerConfig): void {
    app.provide(TRACKER_KEY, createTracker(options));
  },
};

export default cartbeacon;
