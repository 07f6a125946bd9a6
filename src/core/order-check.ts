// The documented required fields of an `order` (the collector's check, in the browser): the first
// one missing, for a debug warning. Pure.

type Obj = Record<string, unknown>;

/** `at + key` for the first of the space-separated `keys` that `o` lacks (missing, null or ''). */
const gap = (o: unknown, keys: string, at: string) =>
  keys
    .split(' ')
    .map((k) => ((o as Obj | null)?.[k] ?? '') === '' && at + k)
    .find(Boolean) || undefined;

/** The first entry of a list that lacks one of `keys`: `items[2].price`. */
const list = (l: unknown[], keys: string, at: string) => l.map((x, i) => gap(x, keys, `${at}[${i}].`)).find(Boolean);

/** The first documented required field the order lacks (`orderId`, `items[2].price`…), if any. */
export const orderProblem = (p: Obj): string | undefined =>
  gap({ ...p, orderId: p.orderId ?? p.order_id }, 'orderId amount', '') ||
  (Array.isArray(p.items) && p.items.length ? list(p.items, 'id price quantity', 'items') : 'items') ||
  (p.fulfillment == null
    ? undefined
    : Array.isArray(p.fulfillment)
      ? p.fulfillment
          .map(
            (f: Obj | null, i) =>
              gap(f, 'id', `fulfillment[${i}].`) ||
              (Array.isArray(f?.items) ? list(f.items, 'id quantity', `fulfillment[${i}].items`) : undefined),
          )
          .find(Boolean)
      : 'fulfillment');
