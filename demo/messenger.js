// A stand-in for Richpanel's messenger (chat widget), served by the dev server at /demo/messenger.js.
// The demo pages load it as the real one is loaded — `richpanel.load(KEY, { messenger: <this URL> })`,
// a deferred script added after the core has set `richpanel.did` and `window.appClientId` — and it
// shows a small chat bubble with the visitor id it reads there, so the shop can show that chat and
// events see the same visitor. It sends nothing anywhere. Plain ES5, no dependencies.
(() => {
  var ID = 'rp-messenger-standin';
  /** The core may still be starting: look for the ids this long, then show what there is. */
  var WAIT_MS = 10000;
  var STEP_MS = 100;

  function ids() {
    var r = window.richpanel;
    return {
      did: r && typeof r.did === 'string' ? r.did : '',
      app: typeof window.appClientId === 'string' ? window.appClientId : '',
    };
  }

  function el(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (style) node.setAttribute('style', style);
    return node;
  }

  function row(label, value, name) {
    var line = el('div', label, 'margin-top:6px');
    var code = el('code', value || '(not set)', 'display:block;font-size:12px;word-break:break-all;color:#0b3d91');
    code.setAttribute('data-messenger', name);
    line.appendChild(code);
    return line;
  }

  function render(found) {
    if (document.getElementById(ID)) return;
    var root = el(
      'div',
      '',
      'position:fixed;right:20px;bottom:20px;z-index:2147483000;font:14px/1.4 system-ui,sans-serif',
    );
    root.id = ID;
    root.setAttribute('role', 'complementary');
    root.setAttribute('aria-label', 'Chat');
    var panel = el(
      'div',
      '',
      'position:absolute;right:0;bottom:68px;width:260px;padding:12px 14px;background:#fff;color:#222;' +
        'border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.2)',
    );
    panel.hidden = true;
    panel.appendChild(el('strong', 'Chat (a stand-in for Richpanel\u2019s messenger)'));
    panel.appendChild(row('Visitor, richpanel.did:', found.did, 'did'));
    panel.appendChild(row('Shop, window.appClientId:', found.app, 'app'));
    panel.appendChild(
      el('div', 'The events in the viewer carry the same did.', 'margin-top:8px;color:#555;font-size:12px'),
    );
    var bubble = el(
      'button',
      '\uD83D\uDCAC',
      'width:56px;height:56px;border:0;border-radius:50%;background:#1f6feb;color:#fff;font-size:24px;' +
        'cursor:pointer;box-shadow:0 4px 12px rgba(0,0,0,.25)',
    );
    bubble.type = 'button';
    bubble.setAttribute('aria-label', 'Open chat');
    bubble.setAttribute('aria-expanded', 'false');
    bubble.onclick = () => {
      panel.hidden = !panel.hidden;
      bubble.setAttribute('aria-expanded', panel.hidden ? 'false' : 'true');
    };
    root.appendChild(panel);
    root.appendChild(bubble);
    document.body.appendChild(root);
  }

  function start() {
    var waited = 0;
    (function poll() {
      var found = ids();
      if (found.did || waited >= WAIT_MS) render(found);
      else {
        waited += STEP_MS;
        setTimeout(poll, STEP_MS);
      }
    })();
  }

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
