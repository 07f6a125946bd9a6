// Order checks against the documented required fields (pure). Missing fields become warnings on the
// stored event: a collector for development shows problems, it does not drop orders.
import { isRecord } from './decode.js';

function isNumberLike(value: unknown): boolean {
  return (
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
  );
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function checkNumber(warnings: string[], obj: Record<string, unknown>, field: string, where: string): void {
  const value = obj[field];
  if (!present(value)) warnings.push(`${where}${field} is missing`);
  else if (!isNumberLike(value)) warnings.push(`${where}${field} should be a number, got ${JSON.stringify(value)}`);
}

function checkItems(warnings: string[], items: unknown, where: string, fields: { id: boolean; price: boolean }): void {
  if (!Array.isArray(items)) {
    warnings.push(`${where} should be an array of items`);
    return;
  }
  items.forEach((item: unknown, i) => {
    const at = `${where}[${i}].`;
    if (!isRecord(item)) {
      warnings.push(`${where}[${i}] should be an object`);
      return;
    }
    if (fields.id && !present(item.id)) warnings.push(`${at}id is missing`);
    if (fields.price) checkNumber(warnings, item, 'price', at);
    checkNumber(warnings, item, 'quantity', at);
  });
}

/**
 * Warnings for an `order` event's properties: `orderId` (or `order_id`), `amount`, `items[].price`,
 * `items[].quantity`; when `fulfillment` is present, each entry's `id` and its items' `id` and `quantity`.
 */
export function orderWarnings(properties: unknown): string[] {
  const warnings: string[] = [];
  if (!isRecord(properties)) return ['order has no properties: send orderId, amount and items'];
  if (!present(properties.orderId) && !present(properties.order_id)) warnings.push('orderId is missing');
  checkNumber(warnings, properties, 'amount', '');
  if (!present(properties.items)) warnings.push('items is missing');
  else checkItems(warnings, properties.items, 'items', { id: false, price: true });
  const fulfillment = properties.fulfillment;
  if (present(fulfillment)) {
    if (!Array.isArray(fulfillment)) warnings.push('fulfillment should be an array');
    else {
      fulfillment.forEach((entry: unknown, i) => {
        if (!isRecord(entry)) {
          warnings.push(`fulfillment[${i}] should be an object`);
          return;
        }
        if (!present(entry.id)) warnings.push(`fulfillment[${i}].id is missing`);
        if (present(entry.items))
          checkItems(warnings, entry.items, `fulfillment[${i}].items`, { id: true, price: false });
      });
    }
  }
  return warnings;
}
