// Moved to src/sync/destinations/esputnik/status.ts. This re-export only keeps
// src/collector/emulators (edited in parallel by another change) building; delete it once they import the new path.
export { ESPUTNIK_STATUSES } from '../../sync/destinations/esputnik/status.js';
