// `cartbeacon` npm entry (browser and SSR-safe): re-exports only.
export { createTracker, DEFAULT_HOST } from './core/tracker.js';
export type { Tracker, TrackerConfig, Properties } from './core/tracker.js';
export { ecommerce, messenger, orderCheck, pageViews } from './modules/index.js';
export type { CartbeaconModule, EcommerceOptions, ModuleHooks, ModuleHost } from './modules/index.js';
export type {
  ArticleProperties,
  CamelCaseOrder,
  CamelCaseSubscription,
  CartProperties,
  CategoryProperties,
  CouponProperties,
  DateLike,
  EventName,
  Fulfillment,
  FulfillmentItem,
  Id,
  IdentifyProperties,
  OrderBase,
  OrderItem,
  OrderProperties,
  PageViewProperties,
  ProductProperties,
  SearchProperties,
  SnakeCaseOrder,
  SnakeCaseSubscription,
  StorefrontEvents,
  SubscriptionProperties,
  TrackArgs,
} from './core/events.js';
