// A sliding-window request counter (pure: the time is passed in), for the emulators' 429s.

export class RateWindow {
  private readonly times: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a request at `now`, or returns the ms until one is allowed (the request is then not counted). */
  take(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    while (this.times.length > 0 && this.times[0]! <= now - this.windowMs) this.times.shift();
    if (this.times.length >= this.max) return { ok: false, retryAfterMs: this.times[0]! + this.windowMs - now };
    this.times.push(now);
    return { ok: true };
  }
}
