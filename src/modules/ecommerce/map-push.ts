// One data layer entry → the Richpanel calls it stands for (pure). An entry is read alone: nothing
// of an earlier push is merged into a later one (GTM's model merges, which is why pages push
// `{ ecommerce: null }` first; that push, like every non-commerce push, maps to nothing here).
import { obj } from './fields.js';
import { type Call, ga4Name, mapGa4 } from './map-ga4.js';
import { mapUa } from './map-ua.js';
import { W_MISSING, type Warn } from './warnings.js';

/**
 * The calls for one entry: gtag's `arguments` (`'event', name, params`), or an object whose
 * `ecommerce` holds UA actions (read first: themes mix UA objects with GA4 event names) or GA4
 * parameters for its `event`.
 */
export function mapPush(entry: unknown, key: string, warn: Warn): Call[] {
  const o = obj(entry);
  if (!o) return [];
  if (Object.prototype.toString.call(o) === '[object Arguments]')
    return o[0] === 'event' ? mapGa4(o[1], obj(o[2]) || {}, key, warn) : [];
  const e = obj(o.ecommerce);
  if (e) return mapUa(e, key, warn) || mapGa4(o.event, e, key, warn);
  // a GA4 e-commerce event without its data (GTM would take an earlier push's; this module does not)
  if (ga4Name(o.event) && !('ecommerce' in o)) warn(W_MISSING, o.event);
  return [];
}
