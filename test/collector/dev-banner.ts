// Waits for a `cartbeacon dev` child process to print its banner and returns the server's URL.
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/** The base URL from the banner's `Viewer <url>/events` line; rejects on timeout or exit, with what it printed. */
export function bannerUrl(child: ChildProcessByStdio<null, Readable, Readable>, timeoutMs: number): Promise<string> {
  let out = '';
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no banner after ${timeoutMs} ms: ${out}`)), timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /Viewer\s+(http:\/\/\S+)\/events/.exec(out);
      if (match) {
        clearTimeout(timer);
        done(match[1] as string);
      }
    });
    child.once('exit', (code) => fail(new Error(`exited with ${code}: ${out}`)));
  });
}
