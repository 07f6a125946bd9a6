// JSON text as native JSON.stringify makes it, whatever the page did to built-in prototypes.
// Prototype.js (Magento 1 and other old storefronts) defines `Array.prototype.toJSON` returning a
// string, so JSON.stringify([1]) gives '"[1]"' there: every batch body would be broken. The
// sanitizer hands over plain objects and arrays only, so removing the patched `toJSON`s of
// Array.prototype and Object.prototype for the one synchronous call restores native output.

/** Native JSON.stringify, taken when this module loads (a page may replace the global later). */
const nativeStringify = JSON.stringify;

/**
 * JSON.parse as it was when this module loaded (a page may replace the global later). A page that
 * broke it before may have given us its broken one: readers must not take a failure of this parser
 * for garbage in what they read (see the backlog).
 */
export const parse: (text: string) => unknown = JSON.parse;
/** The two prototypes pages patch: also what the sanitizer takes for plain arrays and objects. */
export const ARRAY_PROTO = Array.prototype as unknown as Record<string, unknown>;
export const OBJECT_PROTO = Object.prototype as Record<string, unknown>;
const PROTOS: object[] = [ARRAY_PROTO, OBJECT_PROTO];

/** JSON text of `value`, ignoring `toJSON` patched onto Array.prototype / Object.prototype. */
export function stringify(value: unknown): string {
  const saved: [object, PropertyDescriptor][] = [];
  for (const proto of PROTOS) {
    const d = Object.getOwnPropertyDescriptor(proto, 'toJSON');
    if (d?.configurable) {
      saved.push([proto, d]);
      delete (proto as { toJSON?: unknown }).toJSON;
    }
  }
  try {
    return nativeStringify(value);
  } finally {
    for (const [proto, d] of saved) Object.defineProperty(proto, 'toJSON', d);
  }
}
