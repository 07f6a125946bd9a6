// The base URL of a destination: an http(s) URL without a trailing slash.
import { SyncError } from '../../server/errors.js';

/** `option` is how messages name it: `rfmcube.baseUrl`. */
export function baseUrl(given: string | undefined, fallback: string, option: string): string {
  const base = (given ?? fallback).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(base))
    throw new SyncError(
      `\`${option}\` must be an http(s) URL such as ${fallback} or http://127.0.0.1:8787/…, got ${JSON.stringify(given)}`,
    );
  return base;
}
