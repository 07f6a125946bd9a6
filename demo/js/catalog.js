// The demo shop's products (what a shop's database would hold).
export const CURRENCY = 'USD';

export const PRODUCTS = [
  {
    id: '2493989519418',
    optionId: '31858336956474',
    sku: 'LIN-SHIRT-M',
    name: 'Linen Shirt',
    price: 49.99,
    grams: 320,
    hue: 205,
    blurb: 'Breathable washed linen, relaxed fit, mother-of-pearl buttons.',
  },
  {
    id: '4586759913530',
    optionId: '32132068311098',
    sku: 'CNV-TOTE',
    name: 'Canvas Tote',
    price: 24.0,
    grams: 410,
    hue: 32,
    blurb: 'Heavy 16 oz canvas with an inside pocket. Carries a week of groceries.',
  },
  {
    id: '3318274510211',
    optionId: '30012847561234',
    sku: 'CER-MUG',
    name: 'Ceramic Mug',
    price: 18.5,
    grams: 380,
    hue: 160,
    blurb: 'Stoneware, glazed by hand, 350 ml. Dishwasher safe.',
  },
  {
    id: '5521098834411',
    optionId: '33309876543210',
    sku: 'WOOL-BEANIE',
    name: 'Wool Beanie',
    price: 29.0,
    grams: 95,
    hue: 345,
    blurb: 'Merino rib knit that does not itch. One size.',
  },
  {
    id: '6612873300912',
    optionId: '34401234567890',
    sku: 'TRAIL-SOCKS',
    name: 'Trail Socks',
    price: 12.99,
    grams: 70,
    hue: 95,
    blurb: 'Cushioned sole, reinforced heel, made for long walks.',
  },
  {
    id: '7703981122345',
    optionId: '35501928374655',
    sku: 'FIELD-NOTES',
    name: 'Field Notebook',
    price: 9.75,
    grams: 120,
    hue: 265,
    blurb: 'Dot grid, 96 pages, lies flat. Fits a back pocket.',
  },
];

export function productById(id) {
  return PRODUCTS.find((p) => p.id === id);
}

/** Absolute product page URL (sent with events, as a real shop would). */
export function productUrl(product) {
  return `${location.origin}/product.html?id=${encodeURIComponent(product.id)}`;
}

export function money(amount) {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: CURRENCY }).format(amount);
}

/** A product as a GA4 e-commerce item (what a theme pushes to the dataLayer); `item_variant` is the variant's id. */
export function ga4Item(product, quantity) {
  const item = { item_id: product.id, item_name: product.name, item_variant: product.optionId, price: product.price };
  return quantity === undefined ? item : { ...item, quantity };
}
