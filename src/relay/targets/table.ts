// The relay's destinations, made from its options (`richpanel`, `rfmcube`, `esputnik`: any subset),
// in the order of the sync's destination table. Option problems are the sync's messages, naming the
// option under its destination (`richpanel.secret`, `rfmcube.apiKey`).
import { CartbeaconError } from '../../server/errors.js';
import { DESTINATIONS } from '../../sync/destinations/table.js';
import { RelayError } from '../errors.js';
import type { DestinationName, RelayOptions } from '../types.js';
import { esputnikTarget } from './esputnik.js';
import { rfmcubeTarget } from './rfmcube.js';
import { richpanelTarget } from './richpanel.js';
import type { RelayTarget } from './target.js';

const MAKERS: { [D in DestinationName]: (options: NonNullable<RelayOptions[D]>) => RelayTarget } = {
  richpanel: richpanelTarget,
  rfmcube: rfmcubeTarget,
  esputnik: esputnikTarget,
};

/** Richpanel's options sit at the top level of the sync's: the relay nests them under `richpanel`. */
const RICHPANEL_OPTIONS = /`(apiKey|secret|host)`/g;

function make<D extends DestinationName>(name: D, options: NonNullable<RelayOptions[D]>): RelayTarget {
  if (options === null || typeof options !== 'object')
    throw new RelayError(`\`${name}\` must be an object of options, such as { apiKey: … }`);
  try {
    return MAKERS[name](options);
  } catch (error) {
    if (!(error instanceof CartbeaconError)) throw error;
    const message = name === 'richpanel' ? error.message.replace(RICHPANEL_OPTIONS, '`richpanel.$1`') : error.message;
    throw new RelayError(message);
  }
}

/** @throws RelayError naming the option at fault, or when no destination is given. */
export function relayTargets(options: RelayOptions): RelayTarget[] {
  const targets: RelayTarget[] = [];
  for (const { name } of DESTINATIONS) {
    const own = options[name];
    if (own !== undefined) targets.push(make(name, own as NonNullable<RelayOptions[typeof name]>));
  }
  if (targets.length === 0)
    throw new RelayError(
      `a relay needs at least one destination: pass ${DESTINATIONS.map((d) => `\`${d.name}\``).join(', ')} (any subset)`,
    );
  return targets;
}
