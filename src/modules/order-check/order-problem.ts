// The documented required fields of an `order` (the collector's check, in the browser): the first
// one missing, for a debug warning. Pure. It runs on every order on the shop's main thread, so it
// reads only the fields it checks (no copy of the order) and builds a path only for a problem.

type Obj = Record<string, unknown>;

/** The first of the space-separated `keys` that `o` lacks (missing, null or ''), as `at + key`. */
const gap = (o: unknown, keys: string, at: string): string | undefined => {
  for (const k of keys.split(' ')) if (((o as Obj | null)?.[k] ?? '') === '') return at + k;
};

/**
 * The first entry of a list that lacks one of `keys` (`items[2].price`), or when `itemKeys` is
 * given, whose `items` list (if any) has an entry lacking one of those (`fulfillment[0].items[1].id`).
 */
const list = (l: unknown[], keys: string, at: string, itemKeys?: string): string | undefined => {
  for (let i = 0; i < l.length; i++) {
    const x = l[i] as Obj | null;
    const a = `${at}[${i}].`;
    const problem = gap(x, keys, a) || (itemKeys && Array.isArray(x?.items) && list(x.items, itemKeys, a + 'items'));
    if (problem) return problem;
  }
};

/** The first documented required field the order lacks (`orderId`, `items[2].price`…), if any. */
export const orderProblem = (p: Obj): string | undefined => {
  const { items, fulfillment: f } = p;
  return (
    gap({ orderId: p.orderId ?? p.order_id, amount: p.amount }, 'orderId amount', '') ||
    (Array.isArray(items) && items.length ? list(items, 'id price quantity', 'items') : 'items') ||
    (Array.isArray(f) ? list(f, 'id', 'fulfillment', 'id quantity') : f == null ? undefined : 'fulfillment')
  );
};
