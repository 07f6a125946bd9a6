// The doc-comment check itself, on small declaration files held in memory: what it reports and what it
// lets pass.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { undocumented } from './undocumented.js';

const options: ts.CompilerOptions = { strict: true, noEmit: true, lib: ['lib.es2020.d.ts'], types: [] };
const libs = new Map<string, ts.SourceFile | undefined>();

/**
 * Runs the check over in-memory files; `/pkg/` is the package, anything else a dependency. As in the
 * .d.ts files tsc writes, `export {}` keeps a file's other declarations private.
 */
function check(files: Record<string, string>): string[] {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => {
    const text = files[name];
    if (text !== undefined) return ts.createSourceFile(name, text, version);
    // TypeScript's own lib files are parsed once for all the tests.
    if (!libs.has(name)) libs.set(name, read(name, version, ...rest));
    return libs.get(name);
  };
  host.fileExists = (name) => files[name] !== undefined || ts.sys.fileExists(name);
  host.readFile = (name) => files[name] ?? ts.sys.readFile(name);
  const entries = Object.keys(files).filter((name) => name.startsWith('/pkg/'));
  return undocumented(ts.createProgram(entries, options, host), entries, (name) => name.startsWith('/pkg/'));
}

describe('the doc-comment check', () => {
  it('reports an export, a member and a member of an inline object type without a doc comment', () => {
    const found = check({
      '/pkg/a.d.ts': `
        export interface Bare { size: number }
        /** Options. */
        export interface Options {
          /** Documented. */
          ok: string;
          missing: number;
          /** Nested. */
          retry: { times: number };
        }
        /** Runs. */
        export declare function run(options: Options): void;
      `,
    });
    expect(found).toEqual([
      '/pkg/a.d.ts: Bare',
      '/pkg/a.d.ts: Bare.size',
      '/pkg/a.d.ts: Options.missing',
      '/pkg/a.d.ts: Options.retry.times',
    ]);
  });

  it('reports members of types only reachable through a function, a member or a constant', () => {
    const found = check({
      '/pkg/a.d.ts': `
        export {};
        interface Hidden { deep: number }
        interface Result { value: string }
        /** Holds. */
        export interface Holder {
          /** The list. */
          list: Hidden[];
        }
        /** Gets. */
        export declare function get(): Promise<Result>;
        /** A plugin. */
        export declare const plugin: { install(): void };
      `,
    });
    expect(found).toEqual(['/pkg/a.d.ts: Hidden.deep', '/pkg/a.d.ts: Result.value', '/pkg/a.d.ts: plugin.install']);
  });

  it('accepts the snake_case twins a documented mapped type generates, and reports an undocumented source field', () => {
    const found = check({
      '/pkg/a.d.ts': `
        export {};
        type SnakeCase<S extends string, U extends boolean = true> = S extends \`\${infer H}\${infer T}\`
          ? H extends Lowercase<H> ? \`\${H}\${SnakeCase<T, false>}\` : \`\${U extends true ? '' : '_'}\${Lowercase<H>}\${SnakeCase<T, true>}\`
          : S;
        /** Every field in camelCase and in snake_case. */
        type CaseAlike<T> = { [K in keyof T]?: T[K] } & { [K in keyof T as K extends string ? SnakeCase<K> : never]?: T[K] };
        interface Fields {
          /** Shipping, in the order's currency. */
          shippingAmount: number;
          taxAmount: number;
        }
        /** An order. */
        export interface Order extends CaseAlike<Fields> {
          /** The id. */
          id: string;
        }
      `,
    });
    expect(found).toEqual(['/pkg/a.d.ts: Fields.taxAmount']);
  });

  it('reports the members of an undocumented mapped type', () => {
    const found = check({
      '/pkg/a.d.ts': `
        export {};
        type Upper<T> = { [K in keyof T as K extends string ? Uppercase<K> : never]: T[K] };
        /** Upper-case options. */
        export interface Options extends Upper<{ a: number }> {}
      `,
    });
    expect(found).toEqual(['/pkg/a.d.ts: Options.A']);
  });

  it('accepts the members a mapped type generates from a table when the alias or the member holding it is documented', () => {
    const found = check({
      '/pkg/a.d.ts': `
        export {};
        /** Options of a. */
        interface AOptions {
          /** Where. */
          url: string;
        }
        type Table = { name: 'a'; options: AOptions } | { name: 'b'; options: AOptions };
        /** Each entry's options under its name. */
        type ByName = { [D in Table as D['name']]?: D['options'] };
        /** Options. */
        export interface Options extends ByName {
          /** Requests per minute per entry. */
          rate?: { [D in Table['name']]?: number };
          limit?: { [D in Table['name']]?: number };
        }
      `,
    });
    expect(found).toEqual([
      '/pkg/a.d.ts: Options.limit',
      '/pkg/a.d.ts: Options.limit.a',
      '/pkg/a.d.ts: Options.limit.b',
    ]);
  });

  it('reports an export whose declaration does not resolve', () => {
    const found = check({
      '/pkg/a.d.ts': `import X from 'virtual:nowhere';\nexport { X };`,
    });
    expect(found).toEqual(['/pkg/a.d.ts: X (does not resolve)']);
  });

  it('skips members declared outside the package, private members and a class prototype', () => {
    const found = check({
      '/dep/base.d.ts': 'export interface Base { inherited: string }',
      '/pkg/a.d.ts': `
        import type { Base } from '../dep/base.js';
        /** Extends a dependency's type. */
        export interface Mine extends Base {
          /** Ours. */
          own: number;
        }
        /** A failure. */
        export declare class Failure extends Error {
          private secret;
          /** The option at fault. */
          readonly option: string;
          static count: number;
        }
      `,
    });
    expect(found).toEqual(['/pkg/a.d.ts: Failure.count']);
  });
});
