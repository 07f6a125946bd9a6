// Pure readers the mappers share: values as shops push them (numbers as strings, empty strings for
// "none"), and one product — a GA4 item or a UA product — in Richpanel's field names
// (src/core/events.ts).
import type { ItemFields } from '../../core/events.js';
import { W_VALUE, type Warn } from './warnings.js';

export type Obj = Record<string, unknown>;

/** GA4 takes at most 200 items per event (its ecommerce guide); more are cut, with W26. */
export const MAX_ITEMS = 200;

/** The value when it is an object (arrays and `arguments` included). */
export const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' ? (v as Obj) : undefined);

/** The first element of an array, or the value itself (JSON-LD allows either). */
export const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/** A non-empty string or a finite number, as given (ids, names, codes); anything else is left out. */
export const val = (v: unknown): string | number | undefined =>
  (typeof v === 'string' && v) || Number.isFinite(v) ? (v as string | number) : undefined;

/** A number from a number or a numeric string (`'15.25'`); anything else is left out, with W26. */
export const num = (v: unknown, warn: Warn): number | undefined => {
  if (v == null || v === '') return;
  const n = typeof v === 'number' || typeof v === 'string' ? +v : Number.NaN;
  if (Number.isFinite(n)) return n;
  warn(W_VALUE, v);
};

/** Drops what a page left empty: undefined, null, '' (UA's guide: "omitted or set to empty string"), []. */
export const clean = (o: Obj): Obj => {
  for (const k in o) {
    const v = o[k];
    if (v == null || v === '' || (Array.isArray(v) && !v.length)) delete o[k];
  }
  return o;
};

/** Discount codes: GA4 and UA send one string, which some shops fill as `A,B`. */
export const coupons = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? v.split(',').flatMap((c) => c.trim() || []) : undefined;

/** A GA4 item (`item_id`, `item_name`, …) or a UA product (`id`, `name`, …) as a Richpanel product. */
export const product = (x: unknown, warn: Warn, withQuantity: boolean): Obj | undefined => {
  const o = obj(x);
  if (!o) return;
  return clean({
    id: val(o.item_id ?? o.id),
    name: val(o.item_name ?? o.name),
    price: num(o.price, warn),
    // GA4: "If not set, quantity is set to 1"; a view has none
    quantity: withQuantity ? (num(o.quantity, warn) ?? 1) : undefined,
    optionId: val(o.item_variant ?? o.variant),
    // GA4's five category levels, or UA's one category with "/" between levels
    categories: (o.item_category != null
      ? ['', 2, 3, 4, 5].map((i) => o['item_category' + i])
      : typeof o.category === 'string'
        ? o.category.split('/')
        : []
    ).filter((c) => c && typeof c === 'string'),
  } satisfies { [K in keyof ItemFields | 'id' | 'price' | 'quantity']?: unknown });
};

/** A list of items or products: at most 200 (W26 beyond), each one read. */
export const products = (v: unknown, warn: Warn, withQuantity: boolean): Obj[] => {
  if (v == null) return [];
  if (!Array.isArray(v)) {
    warn(W_VALUE, v);
    return [];
  }
  if (v.length > MAX_ITEMS) warn(W_VALUE, v.length);
  return v.slice(0, MAX_ITEMS).flatMap<Obj>((x) => product(x, warn, withQuantity) || []);
};
