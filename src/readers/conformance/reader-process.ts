// A reader under test as a child process: started once, sent one request line at a time, answering one
// line each. A reader that dies, answers garbage or takes too long ends the exchange with a clear error.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import readline from 'node:readline';
import type { CaseAnswer, CaseRequest } from './protocol.ts';

export class ReaderProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';
  private exited: string | null = null;

  /** @example const reader = new ReaderProcess(['./ykt-reader']); const a = await reader.ask(request); reader.close(); */
  constructor(command: readonly string[]) {
    if (command.length === 0) throw new Error('no reader command: give it after --');
    this.child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => {
      // Kept short: shown when the reader fails, not a log.
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    // A reader that has exited cannot take the next line: that is reported by ask(), not thrown from a pipe.
    this.child.stdin.on('error', () => {});
    this.child.on('error', (error) => (this.exited = `could not start ${command[0]}: ${error.message}`));
    this.child.on('exit', (code, signal) => (this.exited ??= `the reader exited (${signal ?? `code ${code}`})`));
    this.lines = readline.createInterface({ input: this.child.stdout, crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  /** Sends one case and reads the reader's answer line. */
  async ask(request: CaseRequest, timeoutMs = 30_000): Promise<CaseAnswer> {
    if (this.exited !== null) throw new Error(this.failure(this.exited));
    this.child.stdin.write(`${JSON.stringify(request)}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(this.failure(`no answer within ${timeoutMs} ms`))), timeoutMs);
    });
    try {
      const next = await Promise.race([this.lines.next(), timeout]);
      if (next.done) throw new Error(this.failure(this.exited ?? 'the reader closed its stdout'));
      return parseAnswer(next.value, this.failure.bind(this));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the reader's stdin, which tells it to finish, and waits briefly for it. */
  async close(): Promise<void> {
    this.child.stdin.end();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill();
        resolve();
      }, 2000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private failure(what: string): string {
    return this.stderr.trim() === '' ? what : `${what}; the reader's stderr ends:\n${this.stderr.trim()}`;
  }
}

function parseAnswer(line: string, failure: (what: string) => string): CaseAnswer {
  let answer: unknown;
  try {
    answer = JSON.parse(line);
  } catch {
    throw new Error(failure(`the reader answered a line that is not JSON: ${line.slice(0, 200)}`));
  }
  const a = answer as Partial<CaseAnswer>;
  if (typeof a !== 'object' || a === null || !Array.isArray(a.loads) || !Array.isArray(a.decisions)) {
    throw new Error(failure(`the reader's answer lacks "loads" or "decisions": ${line.slice(0, 200)}`));
  }
  return a as CaseAnswer;
}
