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
// - Pasting it twice, or calling load() twice, changes nothing. load() never throws.
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
  // Never throws into the page (issue 24): a createElement or append a tag manager or consent tool
  // broke, or Trusted Types refusing a string `src` (pass a TrustedScriptURL as `src` there), leave
  // the stub queueing and the page's own script running. `append`, not `appendChild`: wrappers of
  // appendChild that throw are the common breakage. `s` is a parameter to save a `var`.
  r.load = function (/** @type {string} */ k, /** @type {any} */ o, /** @type {any} */ s) {
    if (!r.k)
      try {
        r.k = k;
        r.o = o = o || {};
        s = d.createElement('script');
        // neither src nor host: Richpanel's own script (x), which has no flush(): flush() resolves at once
        s.src = o.src || ((r.x = !o.host) ? 'https://api.richpanel.com' : o.host) + '/v2/j/' + k + '?version=2.0.0';
        s.nonce = o.nonce || '';
        // an SRI hash needs a CORS request ("" is the anonymous mode, as "anonymous" is)
        if ((s.integrity = o.integrity || '')) s.crossOrigin = '';
        d.head.append(s);
      } catch (_e) {}
  };
})(window, document);
