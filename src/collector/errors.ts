// The one error an ingest step throws: an HTTP status and a message that names the problem.

/** A request the collector refuses; answered as `status {"error": message}`. */
export class IngestError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'IngestError';
    this.status = status;
  }
}
