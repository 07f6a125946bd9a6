// `cartbeacon <command>`: dispatches to one module per command. Each `run` returns the exit code.
import { run as dev } from './dev.js';
import { run as relay } from './relay.js';
import { run as token } from './token.js';
import { run as send } from './send.js';
import { run as sync } from './sync.js';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = { dev, token, sync, send, relay };

const USAGE = `Usage: cartbeacon <command> [options]

Commands:
  dev     run the local collector, live event viewer and demo storefront
  token   print an identity token for a user:  cartbeacon token [--ttl N] '{"id":"42"}'
  sync    send order history from a JSON-lines file:  cartbeacon sync orders.jsonl
  send    relay changes as they happen (orders, customers, erasures):  cartbeacon send changes.jsonl
  relay   a worker delivering the relay queue in Redis:  cartbeacon relay --redis redis://127.0.0.1:6379

Run "cartbeacon <command> --help" for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`cartbeacon: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`cartbeacon: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
