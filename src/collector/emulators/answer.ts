// Shared pieces of the emulators: reading a JSON body with a size limit, and recording what came in.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { nestsDeeperThan } from '../depth.js';
import { IngestError } from '../errors.js';
import { MAX_JSON_DEPTH } from '../limits.js';
import { readBody } from '../respond.js';
import type { EventStore } from '../store.js';
import type { Transport } from '../types.js';

export type BodyResult =
  | { ok: true; value: unknown; bytes: number }
  | { ok: false; status: number; error: string; bytes: number };

/** Reads and parses a JSON body; `tooLarge` is the status the emulated API answers past `maxBytes`. */
export async function readJson(
  req: IncomingMessage,
  maxBytes: number,
  tooLarge: number,
  what: string,
): Promise<BodyResult> {
  let text: string;
  let bytes: number;
  try {
    ({ text, bytes } = await readBody(req, maxBytes));
  } catch (error) {
    if (error instanceof IngestError && error.status === 413)
      return {
        ok: false,
        status: tooLarge,
        error: `${what} takes at most ${maxBytes} bytes per request`,
        bytes: Number(req.headers['content-length']) || 0,
      };
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, error: 'the body is not JSON', bytes };
  }
  if (nestsDeeperThan(value))
    return { ok: false, status: 400, error: `the body nests more than ${MAX_JSON_DEPTH} levels deep`, bytes };
  return { ok: true, value, bytes };
}

/**
 * Shows a received request in the viewer, as a stored entry named e.g. `rfmcube.import`. The contact
 * counts as verified only when the emulator was given a key to check (else any key is let in).
 * `warnings` say what the service did not keep (an eSputnik event for a contact it does not have).
 */
export async function record(
  store: EventStore,
  name: string,
  transport: Transport,
  properties: Record<string, unknown>,
  body: unknown,
  who: string | undefined,
  keyChecked: boolean,
  warnings: string[] = [],
): Promise<void> {
  await store.add([
    {
      id: randomUUID(),
      name,
      receivedAt: Date.now(),
      appClientId: transport,
      transport,
      identity:
        who === undefined
          ? { verified: false }
          : keyChecked
            ? { verified: true, by: `${transport} API key`, email: who }
            : { verified: false, email: who },
      warnings,
      event: { event: name, properties, body },
    },
  ]);
}
