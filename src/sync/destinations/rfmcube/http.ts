// How every Rfmcube request is made and its answers read, for the history sync's imports and the
// relay's merges alike: the headers, the statuses that mean a wrong setting, and 416 as "too large".
import type { Verdict } from '../../../protocol/policy.js';
import { classify } from '../../../protocol/policy.js';

/** 406 means the key belongs to a connector that is not of the API type: a setting, not the data. */
export const RFMCUBE_CONFIG_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 406]);

export const RFMCUBE_CONFIG_HINT =
  'check the Rfmcube key (`rfmcube.apiKey`), that its connector is of the API type (406 says it is not), and the address (`rfmcube.baseUrl`)';

export function rfmcubeHeaders(apiKey: string): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json', 'api-key': apiKey };
}

/** 416 is Rfmcube's "request too large" (past 50 MB): halved like a 413; everything else as the shared policy says. */
export function rfmcubeVerdict(status: number): Verdict {
  return status === 416 ? 'split' : classify(status);
}
