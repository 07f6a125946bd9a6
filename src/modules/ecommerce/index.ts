// The e-commerce module's entry: re-exports only.
export { ecommerce } from './ecommerce.js';
export type { EcommerceOptions } from './ecommerce.js';
