// Named limits of the first-party proxy, each with its reason.
export { PROXY_UPSTREAM_TIMEOUT_MS } from '../protocol/timeouts.js';

/**
 * Largest request body forwarded: the dev collector's limit too. A browser batch is at most 64 KB
 * (keepalive cap) and a signed server batch of 100 large orders stays well under it; anything bigger
 * is refused with 413 before it costs the shop memory or upstream bandwidth.
 */
export const MAX_PROXY_BODY_BYTES = 1024 * 1024;

/**
 * Caching of the core at `<basePath>/v2/j/<KEY>`. The URL carries no content hash (the snippet asks
 * for `/v2/j/KEY?version=2.0.0` whatever the build), so it cannot be `immutable`: an hour fresh keeps
 * repeat page views off the network; a day of stale-while-revalidate lets a returning visitor start at
 * once while the new copy is fetched; the ETag makes every revalidation a 304. A shop that upgrades
 * cartbeacon reaches its visitors within the hour. `public`: a CDN in front of the shop may keep it.
 */
export const CORE_CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

/** Browsers may cache a CORS preflight this long (Chromium caps it at 2 hours). */
export const PREFLIGHT_MAX_AGE_SECONDS = 7200;
