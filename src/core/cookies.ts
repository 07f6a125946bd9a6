// First-party cookies on the shop's domain without `www.` (as Richpanel's script sets them, so both
// scripts see the same visitor on example.com and www.example.com). Reading or writing never throws:
// sandboxed frames throw on document.cookie, and then there simply are no cookies.

/** `name → value` of the page's cookies. */
export function readCookies(w: Window): Record<string, string> {
  const jar: Record<string, string> = {};
  try {
    for (const [, name, value] of w.document.cookie.matchAll(/([^;= ]+)=([^;]*)/g))
      jar[name!] = decodeURIComponent(value!);
  } catch {
    // no cookies here (sandboxed frame, or a value that is not URI-encoded)
  }
  return jar;
}

/** `; domain=example.com` for www.example.com; nothing for localhost and IP addresses (host-only). */
const domainOf = (host: string) => (/\.[a-z]/i.test(host) ? '; domain=' + host.replace(/^www\./, '') : '');

/** Writes a cookie for `maxAgeS` seconds (-1 deletes it), Lax, Secure on https. */
export function writeCookie(w: Window, name: string, value: string, maxAgeS: number): void {
  try {
    const l = w.location;
    const tail = `; path=/; max-age=${maxAgeS}; samesite=lax${l.protocol === 'https:' ? '; secure' : ''}`;
    w.document.cookie = `${name}=${encodeURIComponent(value)}${tail}${domainOf(l.hostname)}`;
    // a host-only copy (set by an older script, or where the domain was refused) goes too
    if (maxAgeS < 0) w.document.cookie = name + '=' + tail;
  } catch {
    // cookies blocked: localStorage still has the ids
  }
}
