// The outbox folder: `changes/<seq>.json` (one file per accepted change, rewritten whole by rename
// as destinations finish, removed when all have), `memory.jsonl` (what the relay learned),
// `rejected.jsonl` (changes a destination refused) and `lock` (one relay per folder). Plain files
// rather than a database: a change is a few kilobytes written once and rewritten a few times,
// which a rename does atomically on every platform, with no native dependency to install.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CartbeaconError } from '../../server/errors.js';
import { lockCheckpoint } from '../../sync/lock.js';
import type { Entry } from '../entry.js';
import { RelayError } from '../errors.js';
import type { Fact, Memory } from '../memory.js';
import type { Store } from '../store.js';
import type { DestinationName } from '../types.js';
import { AppendFile, removeDurably, writeDurably } from './durable.js';
import { entryFileName, parseEntry, seqOfFileName, serializeEntry } from './entry-file.js';
import { factLine, loadMemory } from './memory-file.js';

export interface OpenedOutbox {
  store: Store;
  /** The changes left by an earlier run, in acceptance order. */
  entries: Entry[];
  /** The next sequence number. */
  nextSeq: number;
}

/**
 * Takes the folder's lock, loads the memory and the pending changes (synchronously: `createRelay`
 * returns a relay ready to take calls). @throws RelayError when another relay holds it.
 */
export function openOutbox(dir: string, memory: Memory): OpenedOutbox {
  const changes = join(dir, 'changes');
  try {
    mkdirSync(changes, { recursive: true });
  } catch (error) {
    throw new RelayError(`cannot use \`outbox\` ${dir}: ${(error as Error).message}`);
  }
  let release: () => void;
  try {
    release = lockCheckpoint(dir, new Date(), { noun: 'outbox', user: 'relay', lockPath: join(dir, 'lock') });
  } catch (error) {
    if (error instanceof CartbeaconError) throw new RelayError(error.message);
    throw error;
  }
  try {
    loadMemory(join(dir, 'memory.jsonl'), memory);
    const entries: Entry[] = [];
    let nextSeq = 1;
    for (const name of readdirSync(changes).sort()) {
      const path = join(changes, name);
      if (name.endsWith('.tmp')) {
        // A rewrite cut short: the file it was to replace is still whole.
        rmSync(path, { force: true });
        continue;
      }
      const seq = seqOfFileName(name);
      if (seq === undefined) continue;
      nextSeq = Math.max(nextSeq, seq + 1);
      const entry = parseEntry(readFileSync(path, 'utf8'));
      if ('problem' in entry) {
        renameSync(path, `${path}.damaged`);
        process.emitWarning(
          `cartbeacon relay: ${path} was damaged or edited (${entry.problem}); it is kept as ${name}.damaged and not delivered`,
          'CartbeaconWarning',
        );
        continue;
      }
      memory.apply(entry.facts);
      entries.push(entry);
    }
    return { store: outboxStore(dir, release), entries, nextSeq };
  } catch (error) {
    release();
    throw error;
  }
}

function outboxStore(dir: string, release: () => void): Store {
  const memoryFile = new AppendFile(join(dir, 'memory.jsonl'));
  const rejectedFile = new AppendFile(join(dir, 'rejected.jsonl'));
  /** One write at a time per change, each of its latest state: two destinations finishing together never undo each other. */
  const writes = new Map<string, Promise<void>>();
  const pathOf = (entry: Entry) => join(dir, 'changes', entryFileName(entry.seq));
  const queue = (entry: Entry, write: () => Promise<void>): Promise<void> => {
    const next = (writes.get(entry.id) ?? Promise.resolve()).then(write);
    const settled = next.catch(() => undefined);
    writes.set(entry.id, settled);
    void settled.then(() => {
      if (writes.get(entry.id) === settled) writes.delete(entry.id);
    });
    return next;
  };
  return {
    durable: true,
    save: (entry) => queue(entry, () => writeDurably(pathOf(entry), serializeEntry(entry))),
    remove: (entry) => queue(entry, () => removeDurably(pathOf(entry))),
    remember: (facts: readonly Fact[]) => memoryFile.append(facts.map(factLine)),
    reject: (entry: Entry, destination: DestinationName, reason: string) =>
      rejectedFile.append([
        JSON.stringify({
          id: entry.id,
          kind: entry.kind,
          destination,
          reason,
          at: new Date().toISOString(),
          change: entry.value,
        }),
      ]),
    async close() {
      await Promise.all(writes.values());
      await Promise.all([memoryFile.close(), rejectedFile.close()]);
      release();
    },
  };
}
