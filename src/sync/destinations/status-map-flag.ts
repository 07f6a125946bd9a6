// The `--status-map` flag that Rfmcube and eSputnik share: a JSON object, or a file holding one.
import { existsSync, readFileSync } from 'node:fs';
import type { OptionSpec } from '../destination.js';

function parseStatusMap(text: string): Record<string, string> {
  const json = !text.trim().startsWith('{') && existsSync(text) ? readFileSync(text, 'utf8') : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`must be a JSON object (or a file holding one), like '{"shipped":"DELIVERED"}'`);
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === 'string')
  ) {
    throw new Error('must map each shop status to a status name (text)');
  }
  return value as Record<string, string>;
}

export function statusMapFlag(title: string, example: string): OptionSpec {
  return {
    option: 'statusMap',
    flag: 'status-map',
    type: 'string',
    arg: '<json>',
    help: `the shop's statuses → ${title}'s, as JSON or a JSON file, e.g. '${example}'`,
    parse: parseStatusMap,
  };
}
