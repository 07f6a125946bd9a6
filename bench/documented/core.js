// Stand-in for the core script the documented snippet loads, written for the bench from the public
// docs' description of how events are sent: one XMLHttpRequest per event, the event JSON encoded
// with btoa(JSON.stringify(...)) as {"h": <base64>} to the single-event endpoint, credentials on.
// Nothing is batched, retried, stored or beaconed; btoa throws on any character outside Latin-1.
// (Richpanel's real core is not public; this is the send path the docs show, nothing more.)
// Served by the bench collector at /v2/j/<key>; __COLLECTOR__ becomes the collector's origin.
(function (w, d) {
  var r = w.richpanel;
  var host = '__COLLECTOR__';
  var m = /\/v2\/j\/([^/?#]+)/.exec(d.currentScript.src);
  var key = m ? decodeURIComponent(m[1]) : '';
  var rnd = function () { return Math.random().toString(36).slice(2); };
  var did = rnd() + rnd();
  var sid = rnd() + rnd();
  function send(data) {
    var x = new XMLHttpRequest();
    x.open('POST', host + '/v2/t', true);
    x.withCredentials = true;
    x.setRequestHeader('Content-Type', 'application/json');
    x.send(JSON.stringify({ h: btoa(JSON.stringify(data)) }));
  }
  var api = {
    track: function (event, properties, userProperties) {
      send({
        event: event,
        properties: properties || {},
        userProperties: userProperties || {},
        appClientId: key,
        did: did,
        sid: sid,
        time: { sentAt: +new Date() },
        version: '2.0.0.js'
      });
    },
    debug: function () {},
    atr: function (name, fn) {
      if (name === 'onload' && typeof fn === 'function') fn();
    }
  };
  var q = r.q || [];
  r.track = api.track;
  r.debug = api.debug;
  r.atr = api.atr;
  r.q = { push: function (a) { api[a[0]].apply(null, a.slice(1)); } };
  for (var i = 0; i < q.length; i++) api[q[i][0]].apply(null, q[i].slice(1));
})(window, document);
