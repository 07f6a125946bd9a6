// Types of module-hashes.mjs for vitest.config.ts.
import type { Plugin } from 'vite';

export declare const MODULE_NAMES: string[];
export declare const sriOf: (file: string) => string;
export declare function moduleHashes(): Plugin;
