// The input of a history sync as numbered lines, streamed: a JSON-lines file or an async iterable.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface NumberedLine {
  /** 1-based line number (position in the iterable). */
  line: number;
  text: string;
  /** Approximate bytes of input consumed so far (for progress against the file size). */
  bytes: number;
}

/** A file path, or an async/sync iterable of JSON lines or of objects. */
export type HistorySource =
  | string
  | AsyncIterable<string | Record<string, unknown>>
  | Iterable<string | Record<string, unknown>>;

export async function* numberedLines(source: HistorySource): AsyncGenerator<NumberedLine> {
  const input =
    typeof source === 'string'
      ? createInterface({ input: createReadStream(source, { encoding: 'utf8' }), crlfDelay: Infinity })
      : source;
  let line = 0;
  let bytes = 0;
  for await (const item of input) {
    const text = typeof item === 'string' ? item : JSON.stringify(item);
    line++;
    bytes += text.length + 1;
    yield { line, text, bytes };
  }
}
