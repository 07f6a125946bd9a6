// A relay with an outbox in a child process, for the crash tests (run from the built package):
//   node crash-child.mjs '<json>'   { server, relay, orders, hold?, flushMs? }
// Requests whose URL matches `hold` never get an answer (the child is killed meanwhile). It reports
// over IPC: { accepted: id } per order, { delivery } per destination result, { flushed } at the end.
const config = JSON.parse(process.argv[2]);
const { createRelay } = await import(config.server);
const hold = config.hold ? new RegExp(config.hold) : undefined;
const fetchFn = (input, init) => (hold?.test(String(input)) ? new Promise(() => {}) : fetch(input, init));
const relay = createRelay({ ...config.relay, fetch: fetchFn, onDelivery: (delivery) => process.send({ delivery }) });
for (const order of config.orders) {
  const outcome = await relay.order(order);
  process.send({ accepted: outcome.id });
}
if (config.flushMs !== undefined) {
  const flushed = await relay.flush(config.flushMs);
  await relay.close();
  process.send({ flushed }, () => process.disconnect());
}
