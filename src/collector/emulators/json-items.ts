// Splits a JSON object arriving in chunks, `{ …, "<key>": [item, item, …], … }`, handing over each
// item of the one big array as its own text as soon as it is complete. Everything else (the small
// top-level members) is kept and parsed at the end, with the array left empty. Only the current item
// is held, so a 45 MB import is read in constant memory.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const ARRAY_OPEN = 0x5b;
const ARRAY_CLOSE = 0x5d;
const isOpen = (b: number) => b === 0x7b || b === ARRAY_OPEN; // { [
const isClose = (b: number) => b === 0x7d || b === ARRAY_CLOSE; // } ]
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
/** Bytes that change the state inside an item outside strings: `"`, `{`, `}`, `[`, `]`. */
const STRUCTURAL = new Uint8Array(256);
for (const b of [QUOTE, 0x7b, 0x7d, 0x5b, 0x5d]) STRUCTURAL[b] = 1;
/** Longest top-level key remembered (the one looked for is short). */
const MAX_KEY_BYTES = 256;

/** Thrown when an item or the rest of the object is larger than allowed. */
export class JsonTooLargeError extends Error {
  override name = 'JsonTooLargeError';
}

type Sink = 'rest' | 'item' | 'drop';

export class JsonItemSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** At depth 1: the next string is a key (after `{` or `,`), not a value (after `:`). */
  private expectKey = false;
  private key: number[] = [];
  private lastKey = '';
  /** Inside the array of `arrayKey` (its items start at depth 2). */
  private inItems = false;
  private itemsSeen = false;
  /** The item being read: an object or array, a string, or a number/literal (ends at a delimiter). */
  private itemKind: 'container' | 'string' | 'scalar' | undefined;
  private item: Buffer[] = [];
  private itemBytes = 0;
  private readonly rest: Buffer[] = [];
  private restBytes = 0;
  private count = 0;

  constructor(
    private readonly arrayKey: string,
    private readonly onItem: (text: string, index: number) => void,
    private readonly maxItemBytes: number,
    private readonly maxRestBytes: number,
  ) {}

  /** How many items were handed over. */
  get items(): number {
    return this.count;
  }

  /** Feeds the next chunk; calls `onItem` for every item it completes. */
  write(chunk: Buffer): void {
    let runStart = 0;
    let runSink: Sink = this.itemKind === undefined ? 'rest' : 'item';
    const flush = (to: number) => {
      if (to > runStart) {
        if (runSink === 'item') this.addItem(chunk.subarray(runStart, to));
        else if (runSink === 'rest') this.addRest(chunk.subarray(runStart, to));
      }
      runStart = to;
    };
    const endItem = (to: number) => {
      flush(to);
      this.finishItem();
    };
    for (let i = 0; i < chunk.length; i++) {
      // Fast path through an item's bytes (nearly all of a body): they all go to the item.
      if (this.itemKind === 'container' || this.itemKind === 'string') {
        if (this.inString) {
          if (this.escaped) {
            this.escaped = false;
            continue;
          }
          i = this.skipString(chunk, i);
        } else {
          while (i < chunk.length && STRUCTURAL[chunk[i] as number] === 0) i++;
          if (i >= chunk.length) break;
          const b = chunk[i] as number;
          // quotes and brackets deep inside an item: only the depth changes
          if (b === QUOTE) {
            this.inString = true;
            continue;
          }
          if (this.depth > 3 || (this.depth === 3 && isOpen(b))) {
            this.depth += isOpen(b) ? 1 : -1;
            continue;
          }
        }
        if (i >= chunk.length) break;
      }
      const b = chunk[i] as number;
      if (this.itemKind === 'scalar' && !this.inString && (b === COMMA || isClose(b) || isSpace(b))) endItem(i);
      const sink = this.step(b);
      if (sink !== runSink) {
        flush(i);
        runSink = sink;
      }
      if (this.itemDone) {
        this.itemDone = false;
        endItem(i + 1);
        runSink = 'drop';
      }
    }
    flush(chunk.length);
  }

  /** The top-level members other than the array's items (the array itself is `[]`). */
  end(): Record<string, unknown> {
    if (this.itemKind !== undefined || this.depth !== 0 || this.inString)
      throw new SyntaxError('the body is not JSON: it ends too early');
    const value: unknown = JSON.parse(Buffer.concat(this.rest).toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new SyntaxError('the body must be a JSON object');
    return value as Record<string, unknown>;
  }

  /** Set by `step` when the byte it read was an item's last. */
  private itemDone = false;

  /** Moves the state on by one byte; returns where the byte goes. */
  private step(b: number): Sink {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) {
        this.inString = false;
        if (this.itemKind === 'string') this.itemDone = true;
      } else if (this.depth === 1 && this.expectKey && this.key.length < MAX_KEY_BYTES) this.key.push(b);
      return this.itemKind === undefined ? 'rest' : 'item';
    }
    if (this.inItems && this.depth === 2 && this.itemKind === undefined) {
      if (b === COMMA || isSpace(b)) return 'drop';
      if (b === ARRAY_CLOSE) {
        this.depth--;
        this.inItems = false;
        return 'rest';
      }
      this.itemKind = isOpen(b) ? 'container' : b === QUOTE ? 'string' : 'scalar';
      if (isOpen(b)) this.depth++;
      if (b === QUOTE) this.inString = true;
      return 'item';
    }
    if (this.itemKind !== undefined) {
      if (b === QUOTE) this.inString = true;
      else if (isOpen(b)) this.depth++;
      else if (isClose(b)) {
        this.depth--;
        if (this.depth === 2 && this.itemKind === 'container') this.itemDone = true;
      }
      return 'item';
    }
    if (b === QUOTE) {
      this.inString = true;
      if (this.depth === 1 && this.expectKey) this.key = [];
    } else if (isOpen(b)) {
      this.depth++;
      if (this.depth === 1) this.expectKey = true;
      if (this.depth === 2 && b === ARRAY_OPEN && !this.itemsSeen && this.lastKey === this.arrayKey) {
        this.inItems = true;
        this.itemsSeen = true;
      }
    } else if (isClose(b)) {
      this.depth--;
      if (this.depth < 0) throw new SyntaxError('the body is not JSON: a bracket closes what was never opened');
    } else if (this.depth === 1 && b === COLON) {
      this.expectKey = false;
      this.lastKey = Buffer.from(this.key).toString('utf8');
    } else if (this.depth === 1 && b === COMMA) {
      this.expectKey = true;
      this.lastKey = '';
    }
    return 'rest';
  }

  /**
   * From `from` inside a string: the index of its closing quote, or the chunk's length when the
   * string goes on (then `escaped` says whether the chunk ended in the middle of an escape).
   */
  private skipString(chunk: Buffer, from: number): number {
    let i = from;
    for (;;) {
      const quote = chunk.indexOf(QUOTE, i);
      const stop = quote === -1 ? chunk.length : quote;
      let backslashes = 0;
      for (let j = stop - 1; j >= from && chunk[j] === BACKSLASH; j--) backslashes++;
      if (quote === -1) {
        this.escaped = backslashes % 2 === 1;
        return chunk.length;
      }
      if (backslashes % 2 === 0) return quote;
      i = quote + 1;
    }
  }

  private addItem(part: Buffer): void {
    this.itemBytes += part.length;
    if (this.itemBytes > this.maxItemBytes)
      throw new JsonTooLargeError(`${this.arrayKey}[${this.count}] is over ${this.maxItemBytes} bytes`);
    this.item.push(Buffer.from(part));
  }

  private addRest(part: Buffer): void {
    this.restBytes += part.length;
    if (this.restBytes > this.maxRestBytes)
      throw new JsonTooLargeError(`the body outside "${this.arrayKey}" is over ${this.maxRestBytes} bytes`);
    this.rest.push(Buffer.from(part));
  }

  private finishItem(): void {
    const text = Buffer.concat(this.item).toString('utf8');
    this.item = [];
    this.itemBytes = 0;
    this.itemKind = undefined;
    this.onItem(text, this.count++);
  }
}
