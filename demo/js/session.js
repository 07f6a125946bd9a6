// Runs before the snippet, in <head>. On a real shop the server renders this line for a logged-in
// customer: window.richpanelSettings = "<token from encryptUserData>". The demo keeps the token
// it got from POST /demo/login in localStorage and sets it here instead.
(() => {
  try {
    const s = JSON.parse(localStorage.getItem('cartbeacon-demo-session') || 'null');
    if (s && s.expiresAt > Date.now() && typeof s.token === 'string') window.richpanelSettings = s.token;
  } catch (_e) {
    // No storage (private mode): the visitor is simply not logged in.
  }
})();
