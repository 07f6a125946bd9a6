// One app per request on the server, one in the browser: the same code renders both.
import { pageViews } from 'cartbeacon';
import cartbeacon from 'cartbeacon/vue';
import { createSSRApp } from 'vue';
import App from './App.vue';
import { installCart } from './cart';
import { createAppRouter } from './router';

/** What the server tells the browser (here: where the events go). */
export interface AppConfig {
  host?: string;
}

export function createApp(config: AppConfig) {
  const app = createSSRApp(App);
  const router = createAppRouter();
  app.use(router);
  app.use(cartbeacon, { apiKey: 'vue-app-key', host: config.host, use: [pageViews()] });
  installCart(app);
  return { app, router };
}
