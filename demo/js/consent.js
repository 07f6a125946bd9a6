// The demo shop's consent banner. The dev server loads cartbeacon with `consent: 'pending'`, so
// nothing is stored or sent until the visitor answers here; the buttons call richpanel.consent().
// cartbeacon remembers the answer itself (the `cb_consent` cookie): the banner shows while there is
// none, and "Privacy choices" in the footer brings it back to change it. Watch the viewer: pending
// shows nothing, accepting sends what waited (with its original times), refusing sends nothing.
import { h } from './ui.js';

/** The answer cartbeacon remembered, or 'pending'. */
export const consentState = () => /(?:^|; )cb_consent=(granted|denied)/.exec(document.cookie)?.[1] || 'pending';

export function consentBanner() {
  const state = h('strong', { 'data-testid': 'consent-state' }, consentState());
  const answer = (value) => () => {
    window.richpanel.consent(value);
    state.textContent = consentState();
    banner.hidden = true;
  };
  const banner = h(
    'aside',
    { class: 'consent', role: 'dialog', 'aria-label': 'Cookie consent', hidden: consentState() !== 'pending' },
    h(
      'p',
      {},
      'This demo shop uses cartbeacon to track what you do here. Until you answer, nothing is stored in ',
      'your browser and nothing is sent (tracking: ',
      state,
      ').',
    ),
    h('button', { type: 'button', onclick: answer('granted') }, 'Accept'),
    h('button', { type: 'button', class: 'secondary', onclick: answer('denied') }, 'Refuse'),
  );
  const reopen = h(
    'a',
    {
      href: '#',
      onclick: (e) => {
        e.preventDefault();
        state.textContent = consentState();
        banner.hidden = false;
      },
    },
    'Privacy choices',
  );
  return { banner, reopen };
}
