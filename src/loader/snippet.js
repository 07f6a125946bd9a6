// The loader a shop pastes into its theme (hand-written ES5: it runs before anything else and
// every byte ships on every page). Budget: 600 bytes minified (scripts/size.mjs).
// - Stubs every public method, so calls made before the core loads are queued, never thrown.
// - Each queued call is `[method, ...args]` (Richpanel's shape) with `.t`: when it was made, and
//   for flush() `.r`: the resolver of the Promise it returned.
// - Pasting it twice, or calling load() twice, changes nothing.
// Types for `npm run check` (JSDoc: this file stays plain ES5; comments are stripped by the build).
/** @typedef {any[] & {[k: string]: any}} Stub */
// biome-ignore format: the JSDoc types must stay inside the parentheses
(/** @param {typeof globalThis & {richpanel?: Stub}} w @param {Document} d */ function (w, d) {
  /** @type {Stub} */
  var r = (w.richpanel = w.richpanel || []);
  if (r.load) return;
  r.q = r.q || [];
  'track identify debug atr logout flush'.split(' ').forEach(function (m) {
    r[m] = function () {
      /** @type {Stub} */
      var a = [].slice.call(arguments);
      a.unshift(m);
      a.t = +new Date();
      r.q.push(a);
      // flush() is a Promise even before load: it settles when the core has replayed and flushed
      if (m == 'flush' && w.Promise)
        return new Promise(function (f) {
          a.r = f;
        });
    };
  });
  r.load = function (/** @type {string} */ k, /** @type {any} */ o) {
    if (r.k) return;
    r.k = k;
    o = o || {};
    var s = d.createElement('script');
    s.async = !0;
    s.src = (o.host || 'https://api.richpanel.com') + '/v2/j/' + encodeURIComponent(k) + '?version=__VERSION__';
    if (o.nonce) s.nonce = o.nonce;
    d.head.appendChild(s);
  };
})(window, document);
