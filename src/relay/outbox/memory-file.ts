// The relay's memory in the outbox, `memory.jsonl`: one fact per line, appended (and fsynced) as
// requests teach them; read back at start, a torn last line skipped (its fact is still in the entry
// that taught it). Rewritten compact when it holds far more lines than the memory has entries.
import { readFileSync } from 'node:fs';
import { isPlainObject } from '../../server/user-data.js';
import type { Fact, Memory } from '../memory.js';
import { writeDurablySync } from './durable.js';

/** Compacted past twice the live entries plus this many lines: rare rewrites, a file at most ~3× its content. */
const COMPACT_SLACK_LINES = 10_000;

export function factLine(fact: Fact): string {
  return JSON.stringify(fact);
}

/** The facts of a memory file's text, torn or foreign lines skipped, and how many lines it had. */
export function parseMemory(text: string): { facts: Fact[]; lines: number } {
  const facts: Fact[] = [];
  let lines = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    lines++;
    try {
      const value: unknown = JSON.parse(line);
      if (isPlainObject(value) && typeof value.forget === 'string') facts.push({ forget: value.forget });
      else if (isPlainObject(value) && typeof value.set === 'string' && typeof value.value === 'string')
        facts.push({ set: value.set, value: value.value });
    } catch {
      // a line cut short by a crash
    }
  }
  return { facts, lines };
}

/** Loads `path` into `memory`; rewrites it compact when it has grown far past the memory's size. */
export function loadMemory(path: string, memory: Memory): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const { facts, lines } = parseMemory(text);
  memory.apply(facts);
  if (lines > 2 * memory.size + COMPACT_SLACK_LINES)
    writeDurablySync(
      path,
      memory
        .facts()
        .map((f) => `${factLine(f)}\n`)
        .join(''),
    );
}
