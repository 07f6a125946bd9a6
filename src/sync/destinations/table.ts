// The destinations, in one table: the sync, the CLI (flags, help, environment) and a relay read
// everything they need about a destination from here. A new destination is a descriptor file (see
// `DestinationDescriptor` in ../destination.ts) added to this list, plus its emulator.
import type { DestinationDescriptor, RunInfo } from '../destination.js';
import { esputnik } from './esputnik/descriptor.js';
import { rfmcube } from './rfmcube/descriptor.js';
import { richpanel } from './richpanel/descriptor.js';

export const DESTINATIONS = [richpanel, rfmcube, esputnik] as const;

/** Where a sync goes when it names none. */
export const DEFAULT_DESTINATION = richpanel.name;

type Descriptor = (typeof DESTINATIONS)[number];

/** `richpanel`, `rfmcube` or `esputnik`. */
export type DestinationName = Descriptor['name'];

type OptionsOf<D> = D extends { create(options: infer O, run: RunInfo): unknown } ? NonNullable<O> : never;

/** Each destination's options under its name: `{ rfmcube?: RfmcubeOptions; esputnik?: EsputnikOptions }`. */
export type DestinationOptions = {
  [D in Descriptor as D['optionsKey'] & string]?: OptionsOf<D>;
};

/** The descriptor of `name`, or undefined. */
export function destinationNamed(name: string): DestinationDescriptor | undefined {
  return (DESTINATIONS as readonly DestinationDescriptor[]).find((d) => d.name === name);
}
