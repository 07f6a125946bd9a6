// Types of core-module.mjs (for vitest.config.ts).
import type { Plugin } from 'vite';

/** The ETag of a core text: its SHA-256, base64url, quoted. */
export function etagOf(text: string): string;
/** Resolves `cartbeacon:core` to `{ CORE, CORE_ETAG }` of `file` (default dist/richpanel.min.js). */
export function coreModule(file?: string): Plugin;
