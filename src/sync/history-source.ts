// The input of a history sync as numbered lines, streamed: a JSON-lines file or an async iterable.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** U+FEFF: the byte order mark some editors and exports (Excel, PowerShell) put before the first line. */
const BOM = 0xfeff;

export interface NumberedLine {
  /** 1-based line number (position in the iterable). */
  line: number;
  /** The line as read (a BOM before line 1 removed); objects from an iterable as JSON. */
  text: string;
  /** An object an iterable gave (it need not be parsed again). */
  value?: Record<string, unknown>;
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
    line++;
    if (typeof item === 'string') {
      const text = line === 1 && item.charCodeAt(0) === BOM ? item.slice(1) : item;
      bytes += item.length + 1;
      yield { line, text, bytes };
    } else {
      const text = JSON.stringify(item);
      bytes += text.length + 1;
      yield { line, text, value: item, bytes };
    }
  }
}
