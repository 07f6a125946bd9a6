// `POST /rfmcube/v1/import` read as a stream: customers are parsed and checked one at a time and
// written to a spool file until the import process completes, so a 45 MB import holds one customer
// in memory, never the body (16 of them in parallel used to take 3.7 GB).
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { nestsDeeperThan } from '../depth.js';
import { isRecord } from '../decode.js';
import { MAX_JSON_DEPTH } from '../limits.js';
import { JsonItemSplitter, JsonTooLargeError } from './json-items.js';
import { customerProblems } from './rfmcube-validate.js';

/** One customer of an import may be this large (the documented 50 MB is for a whole request). */
export const MAX_IMPORT_CUSTOMER_BYTES = 16 * 1024 * 1024;
/** The import body outside `customers` holds three flags: 64 KB is plenty. */
const MAX_IMPORT_REST_BYTES = 64 * 1024;
/** A 400 lists at most this many problems (and says how many more): a bad 45 MB file could have millions. */
export const MAX_LISTED_PROBLEMS = 100;
/** An import up to this size is shown whole in the viewer; a larger one by its counts only. */
export const MAX_SHOWN_IMPORT_BYTES = 256 * 1024;
const FLAGS = ['overwriteDescriptors', 'triggerIntegrations', 'recalculateStats'];

/** A checked import waiting in its spool file (one customer per line) for its process to complete. */
export interface ImportSpool {
  file: string;
  customers: number;
  orders: number;
  /** The customer's e-mail when the import holds exactly one (shown in the viewer). */
  onlyEmail: string | undefined;
  /** What the viewer shows: the import itself when small, else its counts. */
  shown: Record<string, unknown>;
}

export type ImportRead =
  | { ok: true; spool: ImportSpool; bytes: number }
  | { ok: false; status: number; body: Record<string, unknown>; bytes: number };

/** Reads, checks and spools an import; `tooLarge` answers past `maxBytes` (Rfmcube: 416). */
export async function readImport(
  req: IncomingMessage,
  maxBytes: number,
  spoolDir: string,
  tooLarge = 416,
): Promise<ImportRead> {
  const refuse = (status: number, body: Record<string, unknown>, bytes: number): ImportRead => ({
    ok: false,
    status,
    body,
    bytes,
  });
  const sizeError = { error: `Rfmcube takes at most ${maxBytes} bytes per request` };
  const announced = Number(req.headers['content-length']);
  if (Number.isFinite(announced) && announced > maxBytes) {
    req.resume();
    return refuse(tooLarge, sizeError, announced);
  }
  const file = join(spoolDir, `import-${randomUUID()}.jsonl`);
  const spool = createWriteStream(file);
  const spoolDone = new Promise<void>((resolve, reject) => {
    spool.once('close', resolve);
    spool.once('error', reject);
  });
  const problems: string[] = [];
  let unlisted = 0;
  const problem = (text: string) => {
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(text);
    else unlisted++;
  };
  let customers = 0;
  let orders = 0;
  let onlyEmail: string | undefined;
  let shown: Record<string, unknown>[] | undefined = [];
  const splitter = new JsonItemSplitter(
    'customers',
    (text, i) => {
      let customer: unknown;
      try {
        customer = JSON.parse(text);
      } catch {
        problem(`customers[${i}] is not JSON`);
        return;
      }
      if (nestsDeeperThan(customer, MAX_JSON_DEPTH)) {
        problem(`customers[${i}] nests more than ${MAX_JSON_DEPTH} levels deep`);
        return;
      }
      const found = customerProblems(customer, `customers[${i}]`);
      for (const p of found) problem(p);
      if (found.length > 0 || problems.length > 0 || !isRecord(customer)) return;
      customers++;
      if (Array.isArray(customer.orders)) orders += customer.orders.length;
      onlyEmail = customers === 1 ? String(customer.email) : undefined;
      // One customer per line: its own text unless it spans lines (a pretty-printed body).
      spool.write(`${text.includes('\n') ? JSON.stringify(customer) : text}\n`);
      if (shown && bytes <= MAX_SHOWN_IMPORT_BYTES) shown.push(customer);
      else shown = undefined;
    },
    MAX_IMPORT_CUSTOMER_BYTES,
    MAX_IMPORT_REST_BYTES,
  );
  let bytes = 0;
  let failure: ImportRead | undefined;
  let lastRest: Record<string, unknown> = {};
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        failure = refuse(tooLarge, sizeError, bytes);
        break;
      }
      splitter.write(chunk);
      // The spool is slower than loopback: wait for it rather than buffer the body in its queue.
      if (spool.writableNeedDrain) await new Promise<void>((resolve) => spool.once('drain', () => resolve()));
    }
    if (!failure) {
      const rest = splitter.end();
      lastRest = rest;
      const flagProblems = FLAGS.filter((f) => rest[f] !== undefined && typeof rest[f] !== 'boolean').map(
        (f) => `${f} must be true or false`,
      );
      if (!Array.isArray(rest.customers) || splitter.items === 0)
        flagProblems.push('customers must be a non-empty list');
      if (flagProblems.length > 0 || problems.length > 0) {
        const errors = [...flagProblems, ...problems];
        if (unlisted > 0) errors.push(`… and ${unlisted} more problems`);
        failure = refuse(400, { error: 'invalid import', errors }, bytes);
      }
    }
  } catch (error) {
    if (error instanceof JsonTooLargeError) failure = refuse(tooLarge, { error: error.message }, bytes);
    else if (error instanceof SyntaxError) failure = refuse(400, { error: 'the body is not JSON' }, bytes);
    else {
      spool.destroy();
      await rm(file, { force: true });
      throw error;
    }
  }
  spool.end();
  await spoolDone;
  if (failure) {
    if (!req.readableEnded) req.resume();
    await rm(file, { force: true });
    return failure;
  }
  const summary = {
    customers,
    orders,
    omitted: `the import is ${bytes} bytes: the viewer keeps only its counts past ${MAX_SHOWN_IMPORT_BYTES}`,
  };
  return {
    ok: true,
    spool: { file, customers, orders, onlyEmail, shown: shown ? { ...lastRest, customers: shown } : summary },
    bytes,
  };
}

/** Calls `merge` with each customer of a spool, one line at a time, then removes the spool. */
export async function applySpool(
  spool: ImportSpool,
  merge: (customer: Record<string, unknown>) => void,
): Promise<void> {
  try {
    const lines = createInterface({ input: createReadStream(spool.file), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) if (line !== '') merge(JSON.parse(line) as Record<string, unknown>);
  } finally {
    await rm(spool.file, { force: true });
  }
}
