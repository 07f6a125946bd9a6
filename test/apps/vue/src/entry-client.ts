import { type AppConfig, createApp } from './main';

const config = (window as { __APP_CONFIG__?: AppConfig }).__APP_CONFIG__ ?? {};
const { app, router } = createApp(config);
router.isReady().then(() => app.mount('#app'));
