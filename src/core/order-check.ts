// The documented required fields of an `order` (the collector's check, in the browser): the first
// one missing, for a debug warning. Pure.

type Obj = Record<string, unknown>;

/** The first of `keys` that `o` lacks (missing, null or ''). */
const lacks = (o: unknown, keys: string[]) => keys.find((k) => (o as Obj | null)?.[k] == null || (o as Obj)[k] === '');

/** The first documented required field the order lacks (`orderId`, `items[2].price`…), if any. */
export function orderProblem(p: Obj): string | undefined {
  if (lacks(p, ['orderId']) && lacks(p, ['order_id'])) return 'orderId';
  if (lacks(p, ['amount'])) return 'amount';
  const items = p.items;
  if (!Array.isArray(items) || !items.length) return 'items';
  for (let i = 0; i < items.length; i++) {
    const k = lacks(items[i], ['id', 'price', 'quantity']);
    if (k) return `items[${i}].${k}`;
  }
  const f = p.fulfillment;
  if (f != null) {
    if (!Array.isArray(f)) return 'fulfillment';
    for (let i = 0; i < f.length; i++) {
      if (lacks(f[i], ['id'])) return `fulfillment[${i}].id`;
      const fi = (f[i] as Obj).items;
      if (Array.isArray(fi))
        for (let j = 0; j < fi.length; j++) {
          const k = lacks(fi[j], ['id', 'quantity']);
          if (k) return `fulfillment[${i}].items[${j}].${k}`;
        }
    }
  }
}
