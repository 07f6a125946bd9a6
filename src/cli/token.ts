// `cartbeacon token [--ttl N] '{"id":"42"}'`: prints an identity token for a logged-in user.
import { readFileSync } from 'node:fs';
import { encryptUserData } from '../server/tokens.js';
import { UsageError, credential, intFlag, parseFlags, runCommand } from './args.js';

export const TOKEN_USAGE = `Usage: cartbeacon token [options] '<user JSON>'

Prints an identity token for window.richpanelSettings. The JSON needs an "id"; "-" reads it from stdin.

Options:
      --ttl <seconds>     hardened token: expires after this many seconds and carries iat, exp and an
                          HMAC sig that cartbeacon collectors verify (legacy readers still decrypt it)
      --secret <secret>   API secret (better: env RICHPANEL_API_SECRET, which stays out of shell history)
  -h, --help              show this help

Example:
  RICHPANEL_API_SECRET=... cartbeacon token --ttl 3600 '{"id":"42","email":"a@example.com"}'`;

export function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCommand('token', TOKEN_USAGE, async () => {
    const { values, positionals } = parseFlags(argv, {
      ttl: { type: 'string' },
      secret: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      console.log(TOKEN_USAGE);
      return 0;
    }
    if (positionals.length !== 1)
      throw new UsageError('give the user as one JSON argument, for example \'{"id":"42"}\'');
    const text = positionals[0] === '-' ? readFileSync(0, 'utf8') : positionals[0]!;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new UsageError('the user argument is not valid JSON: quote it, for example \'{"id":"42"}\'');
    }
    const secret = credential(values.secret, env.RICHPANEL_API_SECRET);
    if (!secret) throw new UsageError('no API secret: set RICHPANEL_API_SECRET (or pass --secret)');
    const ttl = intFlag('ttl', values.ttl, 1);
    console.log(encryptUserData(data as Record<string, unknown>, secret, ttl === undefined ? {} : { ttlSeconds: ttl }));
    return 0;
  });
}
