// Runs the `ykt` CLI for a test: ykt() in a child process, as an operator would, where `input` is what it
// reads on stdin (a pipe, so not a terminal: `ykt staff add` then reads the password from it); yktHere()
// runs the same program inside the test's process, for tests of a command's arguments and output.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CommanderError, type Command } from 'commander';

/** The compiled copy this file runs from (npm test: scripts/test.mjs), or null from the sources. */
const COMPILED_ROOT = import.meta.url.endsWith('.js') ? fileURLToPath(new URL('../../', import.meta.url)) : null;

/**
 * The node arguments that run a repository script (`source`, its path from the repository's root) as a
 * process the way this test runs: its compiled copy, or the source through tsx. A compiled process starts in a
 * fraction of the CPU time the loader costs.
 * @example spawn(process.execPath, [...scriptArgs('test/support/upgrade-worker.ts'), dataDir])
 */
export function scriptArgs(source: string): string[] {
  return COMPILED_ROOT ? [path.join(COMPILED_ROOT, source.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', source];
}

/** The node arguments that start the `ykt` CLI as a process. */
export const YKT_PROCESS: readonly string[] = scriptArgs('src/cli/main.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function ykt(args: string[], env: Record<string, string> = {}, input = ''): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...YKT_PROCESS, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

/**
 * The same `ykt` program run inside the test's process, answering as ykt() does: what it printed, its exit
 * code, `input` as a non-terminal stdin and `env` over the environment for the run. A process spends
 * seconds loading the sources, so tests of a command's arguments and output run here, and each command
 * keeps one test of the real process (ykt()). Runs one at a time (it swaps process-wide state).
 * @example const run = await yktHere(['doc', 'check', 'passport', 'E12345678', '--state', 'GBR']);
 */
export async function yktHere(args: string[], env: Record<string, string> = {}, input = ''): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  // Loaded on first use: files that only start real processes need not load every command.
  const { runYkt, yktProgram } = await import('../../src/cli/program.ts');
  const program = yktProgram();
  // Commander would end the process on a usage error; here it throws, after printing as it would.
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: (s) => stdout.push(s), writeErr: (s) => stderr.push(s) });
    for (const sub of command.commands) configure(sub);
  };
  configure(program);

  const saved = { env: { ...process.env }, exitCode: process.exitCode, stdin: Object.getOwnPropertyDescriptor(process, 'stdin')! };
  const writes = { out: process.stdout.write, err: process.stderr.write };
  // Strings are what the commands print (console, or write()); the test runner's own reports, written to
  // the same stdout, are buffers and go through.
  const capture = (into: string[], original: typeof process.stdout.write) =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      if (typeof chunk !== 'string') return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
      into.push(chunk);
      (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
      return true;
    } as typeof process.stdout.write;
  const stdin = Readable.from([input]);
  let code: number;
  try {
    Object.assign(process.env, { LOG_LEVEL: 'warn', ...env });
    process.exitCode = undefined;
    Object.defineProperty(process, 'stdin', { configurable: true, enumerable: true, get: () => stdin });
    process.stdout.write = capture(stdout, writes.out);
    process.stderr.write = capture(stderr, writes.err);
    try {
      await runYkt(['node', 'ykt', ...args], program);
      code = Number(process.exitCode ?? 0);
    } catch (error) {
      // What the process would have died of: a usage error, or an error the command did not catch.
      if (error instanceof CommanderError) code = error.exitCode;
      else {
        stderr.push(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        code = 1;
      }
    }
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    Object.defineProperty(process, 'stdin', saved.stdin);
    for (const key of Object.keys(process.env)) if (!(key in saved.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
    process.exitCode = saved.exitCode;
  }
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}
