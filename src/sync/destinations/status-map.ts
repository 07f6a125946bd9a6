// Order statuses: the shop's words → a destination's, the shop's map first, then the destination's defaults (pure).

/** A shop status → a destination status. Keys are matched case-insensitively; spaces and hyphens count as `_`. */
export type StatusMap<S extends string = string> = Readonly<Record<string, S>>;

/** `Partially Refunded` and `partially-refunded` → `partially_refunded`. */
export function statusKey(status: string): string {
  return status
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The mapped status, the shop's map first, then `defaults`; undefined when neither knows it. */
export function mapStatus<S extends string>(
  status: string,
  overrides: StatusMap<S> | undefined,
  defaults: StatusMap<S>,
): S | undefined {
  const key = statusKey(status);
  const own = overrides && Object.keys(overrides).find((k) => statusKey(k) === key);
  if (own !== undefined) return overrides![own];
  return Object.hasOwn(defaults, key) ? defaults[key] : undefined;
}
