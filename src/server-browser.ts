// The `browser` export condition of `cartbeacon/server`: the API secret must never reach a browser.
throw new Error(
  'cartbeacon/server is Node-only: it handles your API secret, which must never be shipped to a browser. ' +
    "Import 'cartbeacon' in browser code and call cartbeacon/server from your backend.",
);
