// The status policy: what to do with a batch after the collector (or the network) answered.
// Pure, and written down once here and in the README's "Status policy" table.

export type Verdict = 'ok' | 'retry' | 'split' | 'drop';

/**
 * | status                                   | verdict |
 * |------------------------------------------|---------|
 * | 2xx                                      | ok      |
 * | 0 (network error, timeout), 408, 429     | retry   |
 * | 5xx except 501 and 505                   | retry   |
 * | 413                                      | split   |
 * | any other status (4xx, 501, 505, 1xx, 3xx)| drop    |
 */
export function classify(status: number): Verdict {
  if (status >= 200 && status < 300) return 'ok';
  if (
    status === 0 ||
    status === 408 ||
    status === 429 ||
    (status >= 500 && status !== 501 && status !== 505 && status < 600)
  )
    return 'retry';
  return status === 413 ? 'split' : 'drop';
}
