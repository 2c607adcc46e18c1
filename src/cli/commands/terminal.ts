// `ykt terminal simulate`: runs the reader simulator (src/cli/simulator.ts) against a server and prints
// live counts. `ykt terminal enrol-token`: issues enrolment tokens directly through the service, at the
// server's shell.
import { InvalidArgumentError, type Command } from 'commander';
import { issueEnrolment } from '../../services/operator/terminals.ts';
import type { TerminalKind } from '../../domain/terminals.ts';
import { withSystem } from '../with-system.ts';
import { KINDS, formatSummary, formatTick, readCardFile, simulateReaders } from '../simulator.ts';
import { UsageError } from '../usage-error.ts';

const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number ≥ 0`);
  return n;
};

export function registerTerminalCommands(program: Command): void {
  const terminal = program.command('terminal').description('readers: enrolment tokens, simulation');

  terminal
    .command('simulate')
    .description('simulated readers using the reader SDK: sync, tap, decide locally, upload')
    .option('--readers <n>', 'simulated readers', positive('--readers'), 3)
    .option('--rate <taps/s>', 'taps per second over all readers', positive('--rate'), 10)
    .option('--duration <s>', 'seconds of tapping, then upload and stop', positive('--duration'), 10)
    .option('--url <url>', 'the server', 'http://localhost:8080')
    .option('--enrolment-token <token>', 'an enrolment token (repeat: one per reader)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--operator <user:password>', 'an operator account that issues the tokens (default: the demo operator)')
    .option('--cards <file>', 'card numbers to tap, one per line (default: the demo cards)')
    .option('--json', 'print the final summary as JSON')
    .action(async (o: { readers: number; rate: number; duration: number; url: string; enrolmentToken: string[]; operator?: string; cards?: string; json?: boolean }) => {
      const readers = Math.floor(o.readers);
      if (readers < 1) throw new UsageError('--readers must be at least 1');
      const tokens = o.enrolmentToken.length;
      // Tokens given but too few: falling back to the demo operator would fail on any real server with a
      // sign-in error that says nothing of the tokens.
      if (tokens > 0 && tokens < readers && o.operator === undefined) {
        throw new UsageError(
          `${readers} readers need ${readers} enrolment tokens, one each, and ${tokens} ${tokens === 1 ? 'was' : 'were'} given: ` +
            'repeat --enrolment-token, ask for fewer --readers, or give --operator USER:PASSWORD to have the tokens issued',
        );
      }
      let operator: { username: string; password: string } | undefined;
      const spec = o.operator ?? (tokens >= readers ? undefined : 'operator:demo-operator-2022');
      if (spec !== undefined) {
        const colon = spec.indexOf(':');
        if (colon < 1) throw new UsageError('--operator takes USER:PASSWORD');
        operator = { username: spec.slice(0, colon), password: spec.slice(colon + 1) };
      }
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      try {
        const stats = await simulateReaders({
          url: o.url,
          readers,
          rate: o.rate,
          durationS: o.duration,
          enrolmentTokens: o.enrolmentToken,
          ...(operator ? { operator } : {}),
          ...(o.cards ? { cards: readCardFile(o.cards) } : {}),
          onTick: (s) => console.log(formatTick(s)),
          signal: abort.signal,
        });
        console.log(o.json ? JSON.stringify({ ...stats, maxListAgeMs: Number.isFinite(stats.maxListAgeMs) ? stats.maxListAgeMs : null }) : formatSummary(stats));
        if (stats.backlog > 0) process.exitCode = 1;
      } catch (error) {
        console.error(`simulation failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSignal);
      }
    });

  terminal
    .command('enrol-token')
    .description('issue one-time enrolment tokens directly (at the server\'s shell, on its data directory)')
    .requiredOption('--kind <kind>', KINDS.join(' | '))
    .requiredOption('--line <line>')
    .requiredOption('--station <station>')
    .option('--count <n>', 'how many tokens', (v) => Number.parseInt(v, 10), 1)
    .action(async (o: { kind: string; line: string; station: string; count: number }) => {
      if (!KINDS.includes(o.kind as TerminalKind)) throw new Error(`--kind must be one of ${KINDS.join(', ')}`);
      if (!(o.count >= 1 && o.count <= 10_000)) throw new Error('--count must be between 1 and 10000');
      if (!o.line.trim() || !o.station.trim() || o.line.length > 60 || o.station.length > 60) throw new Error('--line and --station take 1 to 60 characters');
      await withSystem(async (system) => {
        for (let i = 0; i < o.count; i++) {
          const issued = await issueEnrolment(system.ctx, { kind: o.kind as TerminalKind, line: o.line, station: o.station }, 'cli');
          console.log(`${issued.token}  (expires ${new Date(issued.expiresAt).toISOString()})`);
        }
      });
    });
}
