// The viewer's browser script. It is inlined into the page by source (`viewerApp.toString()`), so it
// must stay self-contained: no imports, no helpers outside the function. Every value from an event is
// put in the page with textContent (never innerHTML): an event named `<img src=x onerror=...>` shows
// as those characters.

/** Stored event as the viewer reads it (the JSON of StoredEvent). */
interface ViewerEvent {
  id: string;
  name: string;
  receivedAt: number;
  appClientId: string;
  transport: string;
  signature?: string;
  identity: { verified: boolean; [claim: string]: unknown };
  warnings: string[];
  event: Record<string, unknown>;
}

export function viewerApp(win: Window & typeof globalThis): void {
  /** Rows kept in the page: older ones stay available through the API, the page stays fast. */
  const MAX_ROWS = 500;
  const doc = win.document;
  const list = doc.getElementById('list') as HTMLOListElement;
  const filter = doc.getElementById('filter') as HTMLSelectElement;
  const status = doc.getElementById('status') as HTMLElement;
  const count = doc.getElementById('count') as HTMLElement;
  const empty = doc.getElementById('empty') as HTMLElement;
  const clearButton = doc.getElementById('clear') as HTMLButtonElement;
  const events: ViewerEvent[] = [];
  const seen = new Set<string>();
  const names = new Set<string>();
  /**
   * Richpanel's e-commerce events and the GA4 event the e-commerce module (`ecommerce: 'dataLayer'`)
   * makes each from (README, Zero-code e-commerce): the demo shop pushes these instead of tracking.
   */
  const FROM_GA4: Record<string, string> = {
    view_product: 'view_item',
    add_to_cart: 'add_to_cart',
    remove_from_cart: 'remove_from_cart',
    view_cart: 'view_cart',
    checkout_start: 'begin_checkout',
    checkout_payment: 'add_payment_info',
    order: 'purchase',
    refund: 'refund',
  };
  /** A UUID version 8: the eventId the e-commerce module derives from the API key and the transaction id. */
  const DERIVED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

  function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    className?: string,
    text?: string,
  ): HTMLElementTagNameMap[K] {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function str(value: unknown): string {
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  function isObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  /** One line that says what the event was about. */
  function summary(ev: ViewerEvent): string {
    const p = isObject(ev.event.properties) ? ev.event.properties : {};
    const context = isObject(ev.event.context) ? ev.event.context : {};
    const page = isObject(context.page) ? context.page : {};
    const parts: string[] = [];
    const orderId = p.orderId ?? p.order_id;
    if (orderId !== undefined) parts.push(`order ${str(orderId)}`);
    for (const key of ['name', 'title', 'query', 'coupon']) if (p[key] !== undefined) parts.push(str(p[key]));
    const amount = p.amount ?? p.price;
    if (amount !== undefined) parts.push(`${str(amount)}${p.currency !== undefined ? ` ${str(p.currency)}` : ''}`);
    if (Array.isArray(p.items)) parts.push(`${p.items.length} item${p.items.length === 1 ? '' : 's'}`);
    if (parts.length === 0 && page.path !== undefined) parts.push(str(page.path));
    return parts.join(' · ');
  }

  function badge(ev: ViewerEvent): HTMLElement {
    const identity = ev.identity || { verified: false };
    if (identity.verified) {
      const who = str(identity.email ?? identity.id);
      const node = el('span', 'badge customer', `customer${who ? ` · ${who}` : ''}`);
      node.title = `verified by ${str(identity.by) || 'token'}`;
      return node;
    }
    const user = isObject(ev.event.userProperties) ? ev.event.userProperties : {};
    const claimed = str(user.email ?? user.uid);
    return el('span', 'badge visitor', `visitor${claimed ? ` · claims ${claimed}` : ''}`);
  }

  /** How it arrived; a signed batch or event also says its scheme and which plugin signs that way. */
  function via(ev: ViewerEvent): string {
    if (ev.signature === 'md5') return `${ev.transport} · md5 (WooCommerce)`;
    if (ev.signature === 'sha256') return `${ev.transport} · sha256 (Magento, cartbeacon)`;
    return ev.transport;
  }

  /** What an emulator's entry did to the data there: nothing (ignored), an erasure, a merge (an upsert), or nothing special. */
  function effect(ev: ViewerEvent): string {
    if (ev.transport !== 'rfmcube' && ev.transport !== 'esputnik') return '';
    const p = isObject(ev.event.properties) ? ev.event.properties : {};
    if (p.ignored !== undefined) return ' ignored';
    if (/\.(delete_customer|delete_contact)$/.test(ev.name)) return ' erasure';
    if (/\.(merge_customer|merge_order|import|contact|contacts)$/.test(ev.name)) return ' merge';
    return '';
  }

  function row(ev: ViewerEvent): HTMLLIElement {
    const item = el('li', `event${effect(ev)}${ev.warnings.length ? ' has-warnings' : ''}`);
    item.dataset.name = ev.name;
    item.dataset.id = ev.id;
    const details = el('details');
    const head = el('summary', 'head');
    const time = new Date(ev.receivedAt);
    head.append(
      el('time', 'time', time.toLocaleTimeString()),
      el('code', 'name', ev.name),
      el('span', 'summary', summary(ev)),
      badge(ev),
    );
    const ga4 = Object.hasOwn(FROM_GA4, ev.name) ? FROM_GA4[ev.name] : undefined;
    if (ga4) {
      const node = el('span', 'badge ga4', `GA4 ${ga4}`);
      node.title = `ecommerce: 'dataLayer' sends ${ev.name} for a GA4 ${ga4} push (a track('${ev.name}') call sends the same)`;
      head.append(node);
    }
    head.append(el('span', 'transport', via(ev)));
    if (ev.warnings.length)
      head.append(el('span', 'warn-count', `${ev.warnings.length} warning${ev.warnings.length === 1 ? '' : 's'}`));
    details.append(head);
    if (ev.warnings.length) {
      const warnings = el('ul', 'warnings');
      for (const warning of ev.warnings) warnings.append(el('li', undefined, warning));
      details.append(warnings);
    }
    const meta = el('dl', 'meta');
    const fact = (term: string, value: string) => meta.append(el('dt', undefined, term), el('dd', undefined, value));
    fact(
      'eventId',
      DERIVED_ID.test(ev.id)
        ? `${ev.id} (derived from the API key and the transaction id: a reloaded thank-you page is this same event)`
        : ev.id,
    );
    fact('API key', ev.appClientId);
    fact('received', `${time.toLocaleString()} via ${via(ev)}`);
    const identity = ev.identity || { verified: false };
    const claims = Object.keys(identity)
      .filter((k) => k !== 'verified' && k !== 'by')
      .map((k) => `${k}: ${str(identity[k])}`);
    fact(
      'identity',
      identity.verified
        ? `verified by ${str(identity.by) || 'token'}${claims.length ? ` · ${claims.join(' · ')}` : ''}`
        : 'visitor (no verified token)',
    );
    details.append(meta, el('pre', 'json', JSON.stringify(ev.event, null, 2)));
    item.append(details);
    return item;
  }

  function matches(ev: ViewerEvent): boolean {
    return filter.value === '' || filter.value === ev.name;
  }

  function updateCounts(): void {
    const shown = list.children.length;
    count.textContent = `${shown} shown · ${events.length} stored`;
    empty.hidden = events.length > 0;
  }

  function addName(name: string): void {
    if (names.has(name)) return;
    names.add(name);
    const options = Array.from(filter.options).slice(1);
    const option = el('option', undefined, name);
    option.value = name;
    const before = options.find((o) => o.value > name);
    filter.insertBefore(option, before ?? null);
  }

  function add(ev: ViewerEvent): void {
    if (!ev || typeof ev.id !== 'string' || seen.has(ev.id)) return;
    seen.add(ev.id);
    events.push(ev);
    addName(ev.name);
    if (matches(ev)) {
      list.insertBefore(row(ev), list.firstChild);
      while (list.children.length > MAX_ROWS) list.lastElementChild?.remove();
    }
    updateCounts();
  }

  function renderAll(): void {
    list.textContent = '';
    const shown = events.filter(matches).slice(-MAX_ROWS).reverse();
    for (const ev of shown) list.append(row(ev));
    updateCounts();
  }

  function reset(): void {
    events.length = 0;
    seen.clear();
    renderAll();
  }

  function setStatus(text: string, live: boolean): void {
    status.textContent = text;
    status.className = `status${live ? ' live' : ''}`;
  }

  async function loadAll(): Promise<void> {
    try {
      const res = await win.fetch('/api/events');
      const body = (await res.json()) as { events?: ViewerEvent[] };
      for (const ev of body.events ?? []) add(ev);
    } catch {
      setStatus('cannot load events', false);
    }
  }

  // `/events?event=order` (the demo shop's dataLayer panel links here) opens filtered on that event.
  const wanted = new URLSearchParams(win.location.search).get('event');
  if (wanted) {
    addName(wanted);
    filter.value = wanted;
  }
  filter.addEventListener('change', renderAll);
  clearButton.addEventListener('click', () => {
    win.fetch('/api/events', { method: 'DELETE' }).then(reset, () => setStatus('clear failed', false));
  });

  const stream = new win.EventSource('/api/events/stream');
  stream.addEventListener('open', () => {
    setStatus('live', true);
    // Loaded after the stream is open, so nothing falls between the two; `seen` drops the overlap.
    void loadAll();
  });
  stream.addEventListener('error', () => setStatus('reconnecting…', false));
  stream.addEventListener('stored', (message: MessageEvent<string>) => {
    try {
      add(JSON.parse(message.data) as ViewerEvent);
    } catch {
      // A malformed message is skipped; the next reload shows the stored state.
    }
  });
  stream.addEventListener('clear', reset);
  updateCounts();
}
