// First-party cookies on the shop's domain without `www.` (as Richpanel's script sets them, so both
// scripts see the same visitor on example.com and www.example.com). Reading or writing never throws:
// sandboxed frames throw on document.cookie, and then there simply are no cookies.

/** `name → value` of the page's cookies. */
export function readCookies(w: Window): Record<string, string> {
  const jar: Record<string, string> = {};
  try {
    for (const [, name, value] of w.document.cookie.matchAll(/([^;= ]+)=([^;]*)/g)) {
      try {
        jar[name!] = decodeURIComponent(value!);
      } catch {
        jar[name!] = value!; // another script's value that is not URI-encoded: as it is, the rest still read
      }
    }
  } catch {
    // no cookies here (sandboxed frame)
  }
  return jar;
}

/** Writes a cookie for `maxAgeS` seconds (-1 deletes it), Lax, Secure on https. */
export function writeCookie(w: Window, name: string, value: string, maxAgeS: number): void {
  try {
    const l = w.location;
    const d = w.document;
    const host = l.hostname;
    const tail = `=${encodeURIComponent(value)}; path=/; max-age=${maxAgeS}; samesite=lax${l.protocol === 'https:' ? '; secure' : ''}`;
    // on the shop's domain without www. (none for localhost and IP addresses: host-only)
    // (slice, not a RegExp replace: pages' polyfills break String.prototype.replace for RegExps)
    d.cookie = name + tail + (/\.[a-z]/i.test(host) ? '; domain=' + host.slice(host.indexOf('www.') ? 0 : 4) : '');
    // a host-only copy (set by an older script, or where the domain was refused) goes too
    if (maxAgeS < 0) d.cookie = name + tail;
  } catch {
    // cookies blocked: localStorage still has the ids
  }
}
