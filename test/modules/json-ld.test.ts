// A product page's schema.org Product JSON-LD → view_product properties, in every shape pages use.
import { describe, expect, it, vi } from 'vitest';
import { productFromJsonLd } from '../../src/modules/ecommerce/json-ld.js';
import { W_VALUE } from '../../src/modules/ecommerce/warnings.js';
import { JSON_LD_FIXTURE } from '../fixtures/load.js';

const PAGE = 'https://example.com/anvil?ref=mail';
const read = (...blocks: unknown[]) => {
  const warn = vi.fn();
  const texts = blocks.map((b) => (typeof b === 'string' ? b : JSON.stringify(b)));
  return { product: productFromJsonLd(texts, PAGE, warn), warn };
};
const product = (...blocks: unknown[]) => read(...blocks).product;

describe('productFromJsonLd', () => {
  it("reads Google's Product with an Offer: id, sku, name, price, currency, url, image", () => {
    expect(product(JSON_LD_FIXTURE.offer)).toEqual({
      id: '0446310786',
      sku: '0446310786',
      name: 'Executive Anvil',
      price: 119.99,
      currency: 'USD',
      url: 'https://example.com/anvil',
      imageURL: 'https://example.com/photos/1x1/photo.jpg',
    });
  });

  it('reads an AggregateOffer (its lowPrice) and falls back to the page URL', () => {
    expect(product(JSON_LD_FIXTURE.aggregateOffer)).toEqual({
      id: '0446310786',
      sku: '0446310786',
      name: 'Executive Anvil',
      price: 119.99,
      currency: 'USD',
      url: PAGE,
      imageURL: 'https://example.com/photos/1x1/photo.jpg',
    });
  });

  it('finds the Product in @graph, with @type as an array, productID as the id, an ImageObject and an array of offers', () => {
    expect(product(JSON_LD_FIXTURE.graph)).toEqual({
      id: 'anvil-42',
      sku: '0446310786',
      name: 'Executive Anvil',
      price: 119.99,
      currency: 'EUR',
      url: 'https://example.com/anvil',
      imageURL: 'https://example.com/photos/anvil.jpg',
    });
  });

  it("finds a page's mainEntity and a Product in a top-level array, @type prefixed or a URL", () => {
    expect(product(JSON_LD_FIXTURE.mainEntity)).toMatchObject({
      id: '0446310786',
      name: 'Executive Anvil',
      price: 119.99,
      url: PAGE,
    });
    expect(product(JSON_LD_FIXTURE.array)).toEqual({
      id: '0446310786',
      sku: '0446310786',
      name: 'Executive Anvil',
      price: 119.99,
      currency: 'USD',
      url: 'https://example.com/anvil?variant=1',
      imageURL: 'https://example.com/photos/anvil.jpg',
    });
  });

  it('takes the @id when the Product has no productID or sku', () => {
    expect(product({ '@type': 'Product', '@id': 'https://example.com/p/9#product', name: 'Cap' })).toEqual({
      id: 'https://example.com/p/9#product',
      name: 'Cap',
      url: PAGE,
    });
  });

  it('sees no product on a category page (an ItemList), nor when two different products are described', () => {
    expect(product(JSON_LD_FIXTURE.listing)).toBeUndefined();
    expect(
      product({ '@type': 'Product', name: 'Executive Anvil' }, { '@type': 'Product', name: 'Classic Anvil' }),
    ).toBeUndefined();
    expect(product({ '@type': 'Organization', name: 'Shop' }, { '@type': 'BreadcrumbList' })).toBeUndefined();
    expect(product()).toBeUndefined();
  });

  it('counts the same product described twice (a theme and an SEO app) once', () => {
    expect(product(JSON_LD_FIXTURE.offer, JSON_LD_FIXTURE.aggregateOffer)).toMatchObject({
      name: 'Executive Anvil',
      price: 119.99,
    });
  });

  it('needs an id or a name', () => {
    expect(product({ '@type': 'Product', offers: { price: 5 } })).toBeUndefined();
  });

  it('skips a block that is not JSON (W28) and reads the others', () => {
    const { product: p, warn } = read('{"@type": "Product", name: broken', JSON_LD_FIXTURE.offer);
    expect(p).toMatchObject({ id: '0446310786' });
    expect(warn).toHaveBeenCalledWith(W_VALUE, '{"@type": "Product", name: broken');
  });

  it('leaves out a price that is not a number (W28) and strange values', () => {
    const { product: p, warn } = read({
      '@type': 'Product',
      name: 'Cap',
      sku: { x: 1 },
      image: [{}],
      offers: [{ price: 'call us' }],
    });
    expect(p).toEqual({ name: 'Cap', url: PAGE });
    expect(warn).toHaveBeenCalledWith(W_VALUE, 'call us');
  });

  it('stops at nesting deeper than pages use', () => {
    const deep = '['.repeat(10_000) + '{"@type": "Product", "name": "Deep"}' + ']'.repeat(10_000);
    expect(product(deep)).toBeUndefined();
    expect(product('[[{"@type": "Product", "name": "Shallow"}]]')).toEqual({ name: 'Shallow', url: PAGE });
  });
});
