// Moved: the destinations' limits live with each destination in src/sync/destinations/. This
// re-export only keeps src/collector/emulators (edited in parallel by another change) building;
// delete it once they import from src/sync/destinations/{rfmcube,esputnik}/limits.ts.
export * from '../../sync/destinations/rfmcube/limits.js';
export * from '../../sync/destinations/esputnik/limits.js';
