// The documented required fields of an `order` (the collector's check, in the browser): the first
// one missing, for a debug warning. Pure.

type Obj = Record<string, unknown>;

/** `at + key` for the first of the space-separated `keys` that `o` lacks (missing, null or ''). */
const gap = (o: unknown, keys: string, at: string): string | undefined =>
  keys
    .split(' ')
    .map((k) => ((o as Obj | null)?.[k] ?? '') === '' && at + k)
    .find(Boolean) as string | undefined;

/**
 * The first entry of a list that lacks one of `keys` (`items[2].price`), or when `itemKeys` is
 * given, whose `items` list (if any) has an entry lacking one of those (`fulfillment[0].items[1].id`).
 */
const list = (l: unknown[], keys: string, at: string, itemKeys?: string): string | undefined =>
  l
    .map((x, i) => {
      const a = `${at}[${i}].`;
      const items = (x as Obj | null)?.items;
      return gap(x, keys, a) || (itemKeys && Array.isArray(items) && list(items, itemKeys, a + 'items'));
    })
    .find(Boolean) as string | undefined;

/** The first documented required field the order lacks (`orderId`, `items[2].price`…), if any. */
export const orderProblem = (p: Obj): string | undefined => {
  const { items, fulfillment: f } = p;
  return (
    gap({ ...p, orderId: p.orderId ?? p.order_id }, 'orderId amount', '') ||
    (Array.isArray(items) && items.length ? list(items, 'id price quantity', 'items') : 'items') ||
    (Array.isArray(f) ? list(f, 'id', 'fulfillment', 'id quantity') : f == null ? undefined : 'fulfillment')
  );
};
