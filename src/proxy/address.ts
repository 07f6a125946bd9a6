// One IP address out of a forwarding header's entry (pure): IPv4 and IPv6 checked by their grammar,
// a port (`1.2.3.4:8080`, `[2001:db8::1]:443`, as Azure and some balancers write them) checked and
// removed; anything else is not an address and gives undefined.

/** Longest entry looked at: `[` + an IPv6 address with an IPv4 tail and a zone id + `]:65535`. */
const MAX_ENTRY_LENGTH = 80;
/** A dotted-quad IPv4 address: four decimal octets 0–255, no leading zeros (they read as octal in places). */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** One IPv6 group. */
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;
/** An IPv6 zone id (`%eth0`): how Node reports a link-local peer. */
const ZONE = /^[\w.-]{1,16}$/;

/** True for an IPv4 address in dotted-quad form. */
export const isIPv4 = (text: string): boolean => IPV4.test(text);

/** True for an IPv6 address (RFC 4291 2.2: eight groups, one `::`, an optional IPv4 tail; RFC 4007 zone id). */
export function isIPv6(text: string): boolean {
  const percent = text.indexOf('%');
  let a = percent === -1 ? text : text.slice(0, percent);
  if (percent !== -1 && !ZONE.test(text.slice(percent + 1))) return false;
  const lastColon = a.lastIndexOf(':');
  if (lastColon === -1) return false;
  if (a.includes('.')) {
    // The last 32 bits as an IPv4 address count as two groups.
    if (!isIPv4(a.slice(lastColon + 1))) return false;
    a = `${a.slice(0, lastColon + 1)}0:0`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const count = groups.reduce((n, g) => n + g.length, 0);
  if (!groups.every((g) => g.every((group) => HEXTET.test(group)))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

const isPort = (text: string): boolean => /^\d{1,5}$/.test(text) && Number(text) <= 65535;

/**
 * The address in one entry, or undefined when it is not one: `" 1.2.3.4 "` → `"1.2.3.4"`,
 * `"1.2.3.4:8080"` → `"1.2.3.4"`, `"[2001:db8::1]:443"` → `"2001:db8::1"`, `"::ffff:1.2.3.4"` →
 * `"1.2.3.4"`; `"unknown"`, `"cafe"`, `"1.2.3.4:99999"`, `"999.1.1.1"`, `"1:2:3"` → undefined.
 */
export function normalizeAddress(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  let a = text.trim();
  if (a.length > MAX_ENTRY_LENGTH) return undefined;
  let port: string | undefined;
  if (a.startsWith('[')) {
    const end = a.indexOf(']');
    const rest = end === -1 ? '' : a.slice(end + 1);
    if (end === -1 || (rest !== '' && !rest.startsWith(':'))) return undefined;
    if (rest !== '') port = rest.slice(1);
    a = a.slice(1, end);
    if (!isIPv6(a)) return undefined; // brackets hold an IPv6 address only
  } else if (a.includes(':') && a.indexOf(':') === a.lastIndexOf(':')) {
    // One colon: an IPv4 address and a port (an IPv6 address has at least two).
    port = a.slice(a.indexOf(':') + 1);
    a = a.slice(0, a.indexOf(':'));
    if (!isIPv4(a)) return undefined;
  }
  if (port !== undefined && !isPort(port)) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped) return isIPv4(mapped[1]!) ? mapped[1] : undefined;
  return isIPv4(a) || isIPv6(a) ? a : undefined;
}
