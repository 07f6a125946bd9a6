// A relay on Redis in a child process, for the multi-process tests (runs the built package):
//   node relay-child.mjs '<json>'   { server, relay, changes?, hold?, fail? }
// `changes`: [{ kind: 'order' | 'customer' | 'delete', value }], accepted one after another.
// `hold`: requests whose URL matches are sent, but their answer never reaches the relay (the
// process is killed meanwhile: a request in flight). `fail`: { pattern, whileFile } answers 503 for
// matching URLs while that file exists, with Retry-After: 1 (the destination down until the test says). Reports over IPC: { accepted, kind }
// per change, { acceptedAll } after them, { held } per held request, { delivery } per result;
// answers the messages { changes }, 'flush' ({ flushed }) and 'close' ({ closed }, then exits).
import { existsSync } from 'node:fs';

const config = JSON.parse(process.argv[2]);
const { createRelay } = await import(config.server);
const hold = config.hold ? new RegExp(config.hold) : undefined;
const fail = config.fail ? { pattern: new RegExp(config.fail.pattern), whileFile: config.fail.whileFile } : undefined;

async function fetchFn(input, init) {
  const url = String(input);
  if (fail?.pattern.test(url) && existsSync(fail.whileFile))
    return new Response('{"error":"down for the test"}', { status: 503, headers: { 'Retry-After': '1' } });
  if (hold?.test(url)) {
    fetch(input, init).then(
      () => process.send({ held: url }),
      () => undefined,
    );
    return new Promise(() => {});
  }
  return fetch(input, init);
}

const relay = createRelay({
  ...config.relay,
  fetch: fetchFn,
  onDelivery: (d) =>
    process.send({
      delivery: {
        id: d.id,
        kind: d.kind,
        destination: d.destination,
        status: d.result.status,
        retried: d.result.retried ?? 0,
        willRetry: d.willRetry,
      },
    }),
});

async function accept(changes) {
  for (const { kind, value } of changes) {
    const call =
      kind === 'order' ? relay.order(value) : kind === 'customer' ? relay.customer(value) : relay.deleteCustomer(value);
    const outcome = await call;
    process.send({ accepted: outcome.id, kind });
  }
  process.send({ acceptedAll: true });
}

// The test process is gone (ended before its teardown): so is this one.
let closing = false;
process.on('disconnect', () => {
  if (!closing) process.exit(1);
});

process.on('message', async (message) => {
  if (message.changes) await accept(message.changes);
  else if (message === 'flush') process.send({ flushed: await relay.flush(config.flushMs ?? 60_000) });
  else if (message === 'close') {
    closing = true;
    await relay.close();
    process.send({ closed: true }, () => process.disconnect());
  }
});
await accept(config.changes ?? []);
