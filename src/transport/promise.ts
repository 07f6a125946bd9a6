// A Promise even where a page deleted or replaced window.Promise: an async function always returns
// the engine's own Promise, whatever the global binding says.

/** The engine's Promise constructor, taken from an async function's result. */
export const NativePromise = (async () => {})().constructor as PromiseConstructor;
