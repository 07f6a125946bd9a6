// The schema.org Product a page's JSON-LD describes → `view_product` properties (pure). A Product
// is looked for where a product page puts its own: at the top of a block, in a top-level array, in
// `@graph`, and as a page's `mainEntity`; never inside lists (`ItemList`, related products), so a
// category page is no product view. Several products of different names: none (a listing).
import { clean, first, num, obj, type Obj, val } from './fields.js';
import { W_VALUE, type Warn } from './warnings.js';

/** `Product`, also as `schema:Product` or `https://schema.org/Product`. */
const PRODUCT = /(^|[/:])Product$/;

/** `view_product` properties for the one Product of these `<script type="application/ld+json">` texts. */
export function productFromJsonLd(texts: string[], pageUrl: string, warn: Warn): Obj | undefined {
  const found: Obj[] = [];
  const visit = (node: unknown, depth: number): void => {
    const o = obj(node);
    if (!o || depth > 4) return;
    if (Array.isArray(o)) for (const n of o) visit(n, depth + 1);
    else if ([o['@type']].flat().some((t) => PRODUCT.test(t as string))) found.push(o);
    else {
      visit(o['@graph'], depth + 1);
      visit(o.mainEntity, depth + 1);
    }
  };
  for (const t of texts) {
    try {
      visit(JSON.parse(t), 0);
    } catch {
      warn(W_VALUE, t.slice(0, 80));
    }
  }
  const p = found[0];
  if (!p || found.some((q) => q.name !== p.name)) return;
  // an Offer, an array of offers, or an AggregateOffer (its lowPrice)
  const offer = obj(first(p.offers)) || {};
  // a URL, an ImageObject, or an array of either
  const image = first(p.image);
  const props = clean({
    id: val(p.productID ?? p.sku ?? p['@id']),
    sku: val(p.sku),
    name: val(p.name),
    price: num(offer.price ?? offer.lowPrice, warn),
    currency: val(offer.priceCurrency),
    url: val(p.url ?? offer.url) || pageUrl,
    imageURL: val(obj(image)?.url ?? image),
  });
  return (props.id ?? props.name) ? props : undefined;
}
