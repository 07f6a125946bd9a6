// Runs the built CLI (`npm test` builds first) as a child process and collects what it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { builtFile } from '../server/built.js';

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `cartbeacon <args>` with only PATH and `env` in its environment; `input`, when given, is its standard input. */
export function cli(
  args: string[],
  env: Record<string, string> = {},
  onStart?: (child: ChildProcess) => void,
  input?: string,
): Promise<Run> {
  const child = spawn(process.execPath, [builtFile('cli.mjs'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  onStart?.(child);
  if (input !== undefined) child.stdin!.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}
