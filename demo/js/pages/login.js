// Log in: the shop's backend (here POST /demo/login, which calls encryptUserData) returns an identity
// token; the page sets window.richpanelSettings and sends identify. ?logout=1 logs out.
import { endSession, saveSession, session } from '../store.js';
import { flush, identify, logout, pageView } from '../track.js';
import { h, layout } from '../ui.js';

const params = new URLSearchParams(location.search);
if (params.get('logout')) {
  logout();
  endSession();
  delete window.richpanelSettings;
  history.replaceState(null, '', '/login.html');
}
layout('login');
pageView('login');

const main = document.getElementById('main');
const next = params.get('next') || '';
const safeNext = next.startsWith('/') && !next.startsWith('//') ? next : '/';

const email = h('input', {
  type: 'email',
  name: 'email',
  required: true,
  value: 'manoj@example.com',
  autocomplete: 'email',
});
const firstName = h('input', { type: 'text', name: 'firstName', value: 'Manoj', autocomplete: 'given-name' });
const lastName = h('input', { type: 'text', name: 'lastName', value: 'Patitapthi', autocomplete: 'family-name' });
const error = h('p', { class: 'error', role: 'alert' });
const submit = h('button', { type: 'submit', class: 'primary' }, 'Log in');

async function onSubmit(e) {
  e.preventDefault();
  error.textContent = '';
  submit.disabled = true;
  try {
    const res = await fetch('/demo/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: email.value, firstName: firstName.value, lastName: lastName.value }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error || `login failed (${res.status})`);
    saveSession(body);
    // What the shop's server would render on every page from now on:
    window.richpanelSettings = body.token;
    // The documented identify payload (see test/fixtures/identify-properties.json in the repository).
    identify(body.user.id, {
      uid: body.user.id,
      email: body.user.email,
      firstName: body.user.firstName,
      lastName: body.user.lastName,
      phone: 9977090122,
      city: 'Lockport',
      country: 'United States',
      billingAddress: { email: body.user.email, firstName: body.user.firstName, city: 'Lockport' },
    });
    await flush();
    location.href = safeNext;
  } catch (err) {
    error.textContent = err instanceof Error ? err.message : String(err);
    submit.disabled = false;
  }
}

const current = session();
main.append(
  h(
    'section',
    { class: 'panel narrow' },
    h('h1', {}, 'Log in'),
    current
      ? h('p', { class: 'note' }, `You are logged in as ${current.user.email}. Logging in again makes a fresh token.`)
      : null,
    h(
      'p',
      { class: 'muted' },
      'Any email works: the dev server makes a signed identity token for it, as your backend would with encryptUserData.',
    ),
    h(
      'form',
      { class: 'form', onsubmit: onSubmit },
      h('label', {}, 'Email', email),
      h('div', { class: 'row' }, h('label', {}, 'First name', firstName), h('label', {}, 'Last name', lastName)),
      error,
      submit,
    ),
  ),
);
