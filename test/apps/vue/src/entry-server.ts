import { renderToString } from 'vue/server-renderer';
import { type AppConfig, createApp } from './main';

/** Renders the page at `url`; the HTML goes into index.html's `<!--app-html-->`. */
export async function render(url: string, config: AppConfig): Promise<string> {
  const { app, router } = createApp(config);
  await router.push(url);
  await router.isReady();
  return renderToString(app);
}
