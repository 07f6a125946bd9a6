// The loader a shop pastes into its theme (hand-written ES5: it runs before anything else and
// every byte ships on every page). Budget: 600 bytes minified (scripts/size.mjs).
// - Stubs every public method, so calls made before the core loads are queued, never thrown.
// - Each queued call is `[method, ...args]` (Richpanel's shape) with `.t`: when it was made, and
//   for flush() `.r`: the resolver of the Promise it returned.
// - Richpanel's own script replays `q` with a loop that re-reads `q.length` and calls
//   `richpanel[method]`, and defines no `flush` or `consent`: our stub, called from that loop, must
//   not push again or the loop never ends. So once load() knows the script is Richpanel's (no
//   `src`, no `host`), flush() and consent() queue nothing and flush() resolves at once.
// - load(key, { host, src, integrity, nonce, ...feature options }): without `src`, the script is
//   `<host>/v2/j/<key>?version=2.0.0` (Richpanel's own script with the default host). The key and
//   options stay on `richpanel.k` / `richpanel.o` for cartbeacon's core.
// - Pasting it twice, or calling load() twice, changes nothing.
/** @typedef {any[] & {[k: string]: any}} Stub */
// biome-ignore format: the JSDoc types must stay inside the parentheses
(/** @param {typeof globalThis & {richpanel?: Stub}} w @param {Document} d */ function (w, d) {
  /** @type {Stub} */
  var r = (w.richpanel = w.richpanel || []);
  if (r.load) return;
  r.q = [];
  'track identify debug atr logout flush consent'.split(' ').forEach(function (m, i) {
    r[m] = function () {
      /** @type {Stub} */
      var a = [m];
      a.push.apply(a, /** @type {any} */ (arguments));
      a.t = new Date();
      if (!(i > 4 && r.x)) r.q.push(a);
      // flush() is a Promise even before load: the core settles it once it has replayed and flushed
      if (i == 5 && w.Promise)
        return new Promise(function (f) {
          a.r = f;
          r.x && f(!0);
        });
    };
  });
  r.load = function (/** @type {string} */ k, /** @type {any} */ o) {
    if (r.k) return;
    r.k = k;
    r.o = o = o || {};
    var s = d.createElement('script');
    // neither src nor host: Richpanel's own script (x), which has no flush(): flush() resolves at once
    s.src = o.src || ((r.x = !o.host) ? 'https://api.richpanel.com' : o.host) + '/v2/j/' + k + '?version=2.0.0';
    s.nonce = o.nonce || '';
    // an SRI hash needs a CORS request
    if ((s.integrity = o.integrity || '')) s.crossOrigin = 'anonymous';
    d.head.appendChild(s);
  };
})(window, document);
