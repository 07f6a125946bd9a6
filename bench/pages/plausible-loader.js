// The Plausible page's counterpart of the loader snippet: one small external script, as the other
// two bench pages have, that injects Plausible's script (one async script, as its official snippet
// does). ?noload: the bench injects it itself, to time it.
window.benchLoad = () => {
  var s = document.createElement('script');
  s.async = true;
  s.src = window.PLAUSIBLE_SRC;
  document.head.appendChild(s);
};
if (!/[?&]noload\b/.test(location.search)) window.benchLoad();
