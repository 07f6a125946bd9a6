// Types of the documented Richpanel events, for `track()` and `identify()` (types only: nothing here
// ships). Shops send camelCase and snake_case alike, so every optional field is typed in both spellings;
// custom properties stay allowed (Richpanel's docs invite them), so every object keeps an index signature.

/** Properties of an event without a documented structure (PHP integrations send `null`, `false` or `[]`). */
export type Properties = Record<string, unknown> | null | false | unknown[];

/** An id as shops send it: a string, or a number straight from their database. */
export type Id = string | number;

/** A point in time as the docs show it: epoch milliseconds or an ISO 8601 string. */
export type DateLike = number | string;

/** `shippingAmount` → `shipping_amount`, `imageURL` → `image_url`, `addressLine1` → `address_line1`. */
export type SnakeCase<S extends string, AfterUpper extends boolean = true> = S extends `${infer H}${infer T}`
  ? H extends Lowercase<H>
    ? `${H}${SnakeCase<T, false>}`
    : `${AfterUpper extends true ? '' : '_'}${Lowercase<H>}${SnakeCase<T, true>}`
  : S;

/** Every field optional and nullable (databases hand out `null`), in camelCase and in snake_case. */
export type CaseAlike<T> = { [K in keyof T]?: T[K] | null } & {
  [K in keyof T as K extends string ? SnakeCase<K> : never]?: T[K] | null;
};

/** Custom properties are passed through untouched. */
type Open = { [key: string]: unknown };

/** Optional fields of an order line. */
export interface ItemFields {
  /** Product name. */
  name: string;
  /** Stock keeping unit. */
  sku: string;
  /** The variant's id. */
  optionId: Id;
  /** Weight in grams. */
  grams: number;
  /** Product image URL(s). */
  imageURL: string | string[];
  /** Product page URL. */
  url: string;
  /** Product categories. */
  categories: string[];
}

/** A line of an order: `id`, `price` and `quantity` are required. */
export interface OrderItem extends CaseAlike<ItemFields>, Open {
  id: Id;
  price: number;
  quantity: number;
}

/** A line of a fulfillment: `id`, `price`, `name` and `quantity` are required. */
export interface FulfillmentItem extends CaseAlike<Omit<ItemFields, 'name'>>, Open {
  id: Id;
  price: number;
  name: string;
  quantity: number;
}

/** Optional fields of a shipment's tracking. */
export interface TrackingFields {
  trackingNumber: string;
  trackingCompany: string;
  shippingDate: DateLike;
  trackingUrl: string;
}

/** Optional fields of a fulfillment. */
export interface FulfillmentFields {
  createdAt: DateLike;
  updatedAt: DateLike;
  /** E.g. `in_transit`, `delivered`. */
  status: string;
  /** How many units this fulfillment ships. */
  quantity: number;
  tracking: (CaseAlike<TrackingFields> & Open)[];
  items: FulfillmentItem[];
}

/** A fulfillment (shipment) of an order: `id` is required, and its items' `id`, `price`, `name`, `quantity`. */
export interface Fulfillment extends CaseAlike<FulfillmentFields>, Open {
  id: Id;
}

/** Optional documented fields of an `order` (and a `subscription`). */
export interface OrderFields {
  /** The order's database id when it differs from `orderId` (links to the order admin). */
  orderDbKey: Id;
  /** The name shoppers see, e.g. `#606243`. */
  orderName: string;
  /** ISO 4217 code of every amount. */
  currency: string;
  createdAt: DateLike;
  updatedAt: DateLike;
  processedAt: DateLike;
  /** E.g. `processing`, `cancelled`, or any text of yours. */
  status: string;
  /** E.g. `fulfilled`, `partially_fulfilled`. */
  fulfillmentStatus: string;
  /** E.g. `paid`, `refunded`. */
  financialStatus: string;
  paymentStatus: string;
  paymentMethod: string;
  paymentGatewayNames: string[];
  processingMethod: string;
  /** The shopper's order status page. */
  statusUrl: string;
  subTotalPrice: number;
  taxAmount: number;
  discountAmount: number;
  shippingAmount: number;
  tipAmount: number;
  totalWeight: number;
  weightUnit: string;
  coupons: string[];
  /** Replace the order's fulfillments with the ones sent. */
  deleteFulfillmentAndCreate: boolean;
  customerId: Id;
  email: string;
  firstName: string;
  lastName: string;
  billingEmail: string;
  billingPhone: string;
  billingCity: string;
  billingPostcode: string;
  billingState: string;
  billingCountry: string;
  billingAddressLine1: string;
  billingAddressLine2: string;
  shippingEmail: string;
  shippingPhone: string;
  shippingFirstName: string;
  shippingLastName: string;
  shippingCity: string;
  shippingPostcode: string;
  shippingState: string;
  shippingCountry: string;
  shippingAddressLine1: string;
  shippingAddressLine2: string;
  shippingMethod: string;
}

/** What every `order` has, whichever spelling its id uses. */
export interface OrderBase extends CaseAlike<OrderFields>, Open {
  /** The order's total. */
  amount: number;
  items: OrderItem[];
  fulfillment?: Fulfillment[] | null;
}

/** An `order` whose id is spelled `order_id`. */
export interface SnakeCaseOrder extends OrderBase {
  /** The order's id (unique in the shop). */
  order_id: Id;
}

/** An `order` whose id is spelled `orderId`. */
export interface CamelCaseOrder extends OrderBase {
  /** The order's id (unique in the shop). */
  orderId: Id;
}

/**
 * Properties of an `order`, as Richpanel documents them: `orderId` (or `order_id`), `amount` and `items`
 * (each with `id`, `price`, `quantity`) are required; a `fulfillment` needs its `id` and its items' `id`,
 * `price`, `name`, `quantity`. Everything else is optional, camelCase or snake_case; custom fields pass.
 */
// TypeScript reports a mismatch against the member declared last: camelCase, the spelling most shops use.
export type OrderProperties = SnakeCaseOrder | CamelCaseOrder;

/** Optional fields of a `subscription`. */
export interface SubscriptionFields extends OrderFields {
  /** When the subscription started. */
  start: DateLike;
  /** When it ends; leave it out when unknown. */
  end: DateLike;
  nextPayment: DateLike;
  lastPayment: DateLike;
  trialEnd: DateLike;
  items: OrderItem[];
}

/** What every `subscription` has, whichever spelling its id uses. */
export interface SubscriptionBase extends CaseAlike<SubscriptionFields>, Open {
  /** The amount of each payment. */
  amount: number;
}

/** A `subscription` whose id is spelled `order_id`. */
export interface SnakeCaseSubscription extends SubscriptionBase {
  order_id: Id;
}

/** A `subscription` whose id is spelled `orderId`. */
export interface CamelCaseSubscription extends SubscriptionBase {
  orderId: Id;
}

/** Properties of a `subscription`: `orderId` (or `order_id`) and `amount` are required. */
export type SubscriptionProperties = SnakeCaseSubscription | CamelCaseSubscription;

/** A postal address of a customer. */
export interface AddressFields {
  firstName: string;
  lastName: string;
  email: string;
  phone: string | number;
  company: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  postcode: string;
  state: string;
  country: string;
}

/** Optional documented fields of `identify(uid, properties)`. */
export interface IdentifyFields {
  /** Filled in from `identify`'s first argument. */
  uid: Id;
  email: string;
  /** Real pages pass numbers. */
  phone: string | number;
  firstName: string;
  lastName: string;
  city: string;
  country: string;
  facebook: string;
  googleplus: string;
  instagram: string;
  linkedin: string;
  medium: string;
  billingAddress: CaseAlike<AddressFields> & Open;
  shippingAddress: CaseAlike<AddressFields> & Open;
}

/** Properties of `identify(uid, properties)`: all optional, camelCase or snake_case; custom fields pass. */
export type IdentifyProperties = CaseAlike<IdentifyFields> & Open;

/** Optional fields of a product in storefront events. */
export interface ProductFields extends ItemFields {
  id: Id;
  price: number;
  currency: string;
  quantity: number;
  /** The cart's total after the change. */
  cartTotal: number;
}

/** Properties of `view_product`, `add_to_cart`, `remove_from_cart`: all optional. */
export type ProductProperties = CaseAlike<ProductFields> & Open;

/** Optional fields of a cart in storefront events. */
export interface CartFields {
  amount: number;
  currency: string;
  items: (CaseAlike<ProductFields> & Open)[];
  coupons: string[];
}

/** Properties of `view_cart`, `checkout_start`, `checkout_payment`: all optional. */
export type CartProperties = CaseAlike<CartFields & { paymentMethod: string }> & Open;

/** Properties of `page_view` (what `pageViews: 'history'` sends): all optional. */
export type PageViewProperties = CaseAlike<{
  url: string;
  path: string;
  title: string;
  /** The previous page of the app (or `document.referrer` on the first). */
  referrer: string;
  pageType: string;
}> &
  Open;

/** Properties of `view_category`: all optional. */
export type CategoryProperties = CaseAlike<{ id: Id; name: string; url: string }> & Open;

/** Properties of `view_article` (a blog post): all optional. */
export type ArticleProperties = CaseAlike<{
  id: Id;
  title: string;
  url: string;
  author: string;
  categories: string[];
}> &
  Open;

/** Properties of `applied_coupon`: all optional. */
export type CouponProperties = CaseAlike<{
  coupon: string;
  discountAmount: number;
  amount: number;
  currency: string;
}> &
  Open;

/** Properties of `search`: all optional. */
export type SearchProperties = CaseAlike<{ query: string; results: number }> & Open;

/**
 * The events with a documented structure and the properties `track()` checks them against. Any other
 * event name takes any properties.
 */
export interface StorefrontEvents {
  order: OrderProperties;
  subscription: SubscriptionProperties;
  page_view: PageViewProperties;
  view_product: ProductProperties;
  view_category: CategoryProperties;
  view_article: ArticleProperties;
  view_cart: CartProperties;
  add_to_cart: ProductProperties;
  remove_from_cart: ProductProperties;
  checkout_start: CartProperties;
  checkout_payment: CartProperties;
  applied_coupon: CouponProperties;
  search: SearchProperties;
}

/** The documented event names (any other string is accepted too). */
export type EventName = keyof StorefrontEvents;

/** What follows the properties in `track()`: user properties, the original time, an event id. */
type TrackRest = [userProperties?: Properties, originalTimestamp?: number | string | Date, eventId?: string];

/**
 * The arguments of `track(event, …)` after the name: the documented properties for a documented event
 * (required when the structure has required fields), any properties for any other name.
 */
export type TrackArgs<E extends string> = string extends E
  ? [properties?: Properties, ...rest: TrackRest]
  : E extends EventName
    ? // biome-ignore lint/complexity/noBannedTypes: `{}` asks "are all of its fields optional?"
      {} extends StorefrontEvents[E]
      ? [properties?: StorefrontEvents[E] | null, ...rest: TrackRest]
      : [properties: StorefrontEvents[E], ...rest: TrackRest]
    : [properties?: Properties, ...rest: TrackRest];
