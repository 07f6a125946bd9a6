// The base URL of a destination: an http(s) URL without a trailing slash.
import { SyncError } from '../errors.js';

export function baseUrl(given: string | undefined, fallback: string, flag: string): string {
  const base = (given ?? fallback).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(base))
    throw new SyncError(
      `${flag} must be an http(s) URL such as ${fallback} or http://127.0.0.1:8787/…, got ${JSON.stringify(given)}`,
    );
  return base;
}
