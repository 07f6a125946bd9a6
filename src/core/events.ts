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
  /** The product's id. */
  id: Id;
  /** Price of one unit, in the order's currency. */
  price: number;
  /** Units bought. */
  quantity: number;
}

/** A line of a fulfillment: `id`, `price`, `name` and `quantity` are required. */
export interface FulfillmentItem extends CaseAlike<Omit<ItemFields, 'name'>>, Open {
  /** The product's id. */
  id: Id;
  /** Price of one unit, in the order's currency. */
  price: number;
  /** Product name. */
  name: string;
  /** Units in this shipment. */
  quantity: number;
}

/** Optional fields of a shipment's tracking. */
export interface TrackingFields {
  /** The carrier's tracking number. */
  trackingNumber: string;
  /** The carrier, e.g. `USPS`. */
  trackingCompany: string;
  /** When the parcel was handed to the carrier. */
  shippingDate: DateLike;
  /** The carrier's tracking page for this parcel. */
  trackingUrl: string;
}

/** Optional fields of a fulfillment. */
export interface FulfillmentFields {
  /** When the fulfillment was created. */
  createdAt: DateLike;
  /** When it last changed. */
  updatedAt: DateLike;
  /** E.g. `in_transit`, `delivered`. */
  status: string;
  /** How many units this fulfillment ships. */
  quantity: number;
  /** The parcels of this shipment and where to follow them. */
  tracking: (CaseAlike<TrackingFields> & Open)[];
  /** The order lines this fulfillment ships. */
  items: FulfillmentItem[];
}

/** A fulfillment (shipment) of an order: `id` is required, and its items' `id`, `price`, `name`, `quantity`. */
export interface Fulfillment extends CaseAlike<FulfillmentFields>, Open {
  /** The fulfillment's id (unique in the order). */
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
  /** When the order was placed. */
  createdAt: DateLike;
  /** When it last changed. */
  updatedAt: DateLike;
  /** When the shop processed it (payment taken or order accepted). */
  processedAt: DateLike;
  /** E.g. `processing`, `cancelled`, or any text of yours. */
  status: string;
  /** E.g. `fulfilled`, `partially_fulfilled`. */
  fulfillmentStatus: string;
  /** E.g. `paid`, `refunded`. */
  financialStatus: string;
  /** E.g. `paid`, `partially_refunded`. */
  paymentStatus: string;
  /** How the shopper paid, e.g. `paypal`. */
  paymentMethod: string;
  /** The payment gateways used, e.g. `["paypal"]`. */
  paymentGatewayNames: string[];
  /** How the payment was processed, e.g. `express`, `checkout`. */
  processingMethod: string;
  /** The shopper's order status page. */
  statusUrl: string;
  /** Total of the items before tax, shipping and discounts, in `currency`. */
  subTotalPrice: number;
  /** Tax, in `currency`. */
  taxAmount: number;
  /** Discounts taken off, in `currency`. */
  discountAmount: number;
  /** Shipping charged, in `currency`. */
  shippingAmount: number;
  /** Tip added by the shopper, in `currency`. */
  tipAmount: number;
  /** Weight of the whole order, in `weightUnit`. */
  totalWeight: number;
  /** Unit of `totalWeight`, e.g. `grams`. */
  weightUnit: string;
  /** Discount codes applied. */
  coupons: string[];
  /** Replace the order's fulfillments with the ones sent. */
  deleteFulfillmentAndCreate: boolean;
  /** The customer's id in the shop. */
  customerId: Id;
  /** The customer's email address. */
  email: string;
  /** The customer's first name. */
  firstName: string;
  /** The customer's last name. */
  lastName: string;
  /** Email address of the billing contact. */
  billingEmail: string;
  /** Phone number of the billing contact. */
  billingPhone: string;
  /** City of the billing address. */
  billingCity: string;
  /** Postal code of the billing address. */
  billingPostcode: string;
  /** State or region of the billing address. */
  billingState: string;
  /** Country of the billing address. */
  billingCountry: string;
  /** First line of the billing address (street and number). */
  billingAddressLine1: string;
  /** Second line of the billing address (flat, building). */
  billingAddressLine2: string;
  /** Email address of the recipient. */
  shippingEmail: string;
  /** Phone number of the recipient. */
  shippingPhone: string;
  /** The recipient's first name. */
  shippingFirstName: string;
  /** The recipient's last name. */
  shippingLastName: string;
  /** City of the shipping address. */
  shippingCity: string;
  /** Postal code of the shipping address. */
  shippingPostcode: string;
  /** State or region of the shipping address. */
  shippingState: string;
  /** Country of the shipping address. */
  shippingCountry: string;
  /** First line of the shipping address (street and number). */
  shippingAddressLine1: string;
  /** Second line of the shipping address (flat, building). */
  shippingAddressLine2: string;
  /** The delivery option chosen, e.g. `Free Shipping 2-5 Days`. */
  shippingMethod: string;
}

/** What every `order` has, whichever spelling its id uses. */
export interface OrderBase extends CaseAlike<OrderFields>, Open {
  /** The order's total. */
  amount: number;
  /** The order's lines. */
  items: OrderItem[];
  /** The order's shipments. */
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
  /** When the next payment is due. */
  nextPayment: DateLike;
  /** When the last payment was taken. */
  lastPayment: DateLike;
  /** When the free trial ends. */
  trialEnd: DateLike;
  /** The products subscribed to. */
  items: OrderItem[];
}

/** What every `subscription` has, whichever spelling its id uses. */
export interface SubscriptionBase extends CaseAlike<SubscriptionFields>, Open {
  /** The amount of each payment. */
  amount: number;
}

/** A `subscription` whose id is spelled `order_id`. */
export interface SnakeCaseSubscription extends SubscriptionBase {
  /** The subscription's id (unique in the shop). */
  order_id: Id;
}

/** A `subscription` whose id is spelled `orderId`. */
export interface CamelCaseSubscription extends SubscriptionBase {
  /** The subscription's id (unique in the shop). */
  orderId: Id;
}

/** Properties of a `subscription`: `orderId` (or `order_id`) and `amount` are required. */
export type SubscriptionProperties = SnakeCaseSubscription | CamelCaseSubscription;

/** A postal address of a customer. */
export interface AddressFields {
  /** First name of the person at this address. */
  firstName: string;
  /** Last name of the person at this address. */
  lastName: string;
  /** Email address of the contact. */
  email: string;
  /** Phone number of the contact (real pages pass numbers). */
  phone: string | number;
  /** Company name. */
  company: string;
  /** First line (street and number). */
  addressLine1: string;
  /** Second line (flat, building). */
  addressLine2: string;
  /** City. */
  city: string;
  /** Postal code. */
  postcode: string;
  /** State or region. */
  state: string;
  /** Country. */
  country: string;
}

/** Optional documented fields of `identify(uid, properties)`. */
export interface IdentifyFields {
  /** Filled in from `identify`'s first argument. */
  uid: Id;
  /** The customer's email address. */
  email: string;
  /** The customer's phone number (real pages pass numbers). */
  phone: string | number;
  /** The customer's first name. */
  firstName: string;
  /** The customer's last name. */
  lastName: string;
  /** The customer's city. */
  city: string;
  /** The customer's country. */
  country: string;
  /** Facebook profile (name or URL). */
  facebook: string;
  /** Google+ profile (name or URL). */
  googleplus: string;
  /** Instagram handle. */
  instagram: string;
  /** LinkedIn profile (name or URL). */
  linkedin: string;
  /** Medium profile (name or URL). */
  medium: string;
  /** The customer's billing address. */
  billingAddress: CaseAlike<AddressFields> & Open;
  /** The customer's default shipping address. */
  shippingAddress: CaseAlike<AddressFields> & Open;
}

/** Properties of `identify(uid, properties)`: all optional, camelCase or snake_case; custom fields pass. */
export type IdentifyProperties = CaseAlike<IdentifyFields> & Open;

/** Optional fields of a product in storefront events. */
export interface ProductFields extends ItemFields {
  /** The product's id. */
  id: Id;
  /** Price of one unit, in `currency`. */
  price: number;
  /** ISO 4217 code of `price`. */
  currency: string;
  /** Units added or removed. */
  quantity: number;
  /** The cart's total after the change. */
  cartTotal: number;
}

/** Properties of `view_product`, `add_to_cart`, `remove_from_cart`: all optional. */
export type ProductProperties = CaseAlike<ProductFields> & Open;

/** Optional fields of a cart in storefront events. */
export interface CartFields {
  /** The cart's total, in `currency`. */
  amount: number;
  /** ISO 4217 code of every amount. */
  currency: string;
  /** The products in the cart. */
  items: (CaseAlike<ProductFields> & Open)[];
  /** Discount codes applied. */
  coupons: string[];
}

/** Properties of `view_cart`, `checkout_start`, `checkout_payment`: all optional. */
export type CartProperties = CaseAlike<
  CartFields & {
    /** How the shopper pays, e.g. `paypal` (at `checkout_payment`). */
    paymentMethod: string;
  }
> &
  Open;

/** Properties of `page_view` (what `pageViews: 'history'` sends): all optional. */
export type PageViewProperties = CaseAlike<{
  /** The page's full URL. */
  url: string;
  /** The URL's path, e.g. `/products/tee`. */
  path: string;
  /** The document's title. */
  title: string;
  /** The previous page of the app (or `document.referrer` on the first). */
  referrer: string;
  /** The shop's name for the kind of page, e.g. `product`, `collection`. */
  pageType: string;
}> &
  Open;

/** Properties of `view_category`: all optional. */
export type CategoryProperties = CaseAlike<{
  /** The category's id. */
  id: Id;
  /** The category's name. */
  name: string;
  /** The category page's URL. */
  url: string;
}> &
  Open;

/** Properties of `view_article` (a blog post): all optional. */
export type ArticleProperties = CaseAlike<{
  /** The article's id. */
  id: Id;
  /** The article's title. */
  title: string;
  /** The article's URL. */
  url: string;
  /** The author's name. */
  author: string;
  /** The blog's categories or tags for the article. */
  categories: string[];
}> &
  Open;

/** Properties of `applied_coupon`: all optional. */
export type CouponProperties = CaseAlike<{
  /** The code applied. */
  coupon: string;
  /** What the code takes off, in `currency`. */
  discountAmount: number;
  /** The cart's total after the discount, in `currency`. */
  amount: number;
  /** ISO 4217 code of the amounts. */
  currency: string;
}> &
  Open;

/** Properties of `search`: all optional. */
export type SearchProperties = CaseAlike<{
  /** What the shopper searched for. */
  query: string;
  /** How many results the search found. */
  results: number;
}> &
  Open;

/**
 * The events with a documented structure and the properties `track()` checks them against. Any other
 * event name takes any properties.
 */
export interface StorefrontEvents {
  /** An order was placed or updated. */
  order: OrderProperties;
  /** A subscription was started or renewed. */
  subscription: SubscriptionProperties;
  /** A page was shown (a load, or a route change of a single-page app). */
  page_view: PageViewProperties;
  /** A product page was viewed. */
  view_product: ProductProperties;
  /** A category (collection) page was viewed. */
  view_category: CategoryProperties;
  /** A blog article was viewed. */
  view_article: ArticleProperties;
  /** The cart was viewed. */
  view_cart: CartProperties;
  /** A product was added to the cart. */
  add_to_cart: ProductProperties;
  /** A product was removed from the cart. */
  remove_from_cart: ProductProperties;
  /** The checkout was started. */
  checkout_start: CartProperties;
  /** The shopper reached the payment step. */
  checkout_payment: CartProperties;
  /** A discount code was applied. */
  applied_coupon: CouponProperties;
  /** The shopper searched the shop. */
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
