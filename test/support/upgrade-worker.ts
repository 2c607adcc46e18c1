// A separate OS process that upgrades cards through the upgrade service on a shared SQLite file, for the
// test that two processes writing one file (or one PostgreSQL database) cannot break DESIGN §4 rule 1.
// Usage: node --import tsx test/support/upgrade-worker.ts DATA_DIR START_AT_MS JOBS_JSON
// JOBS_JSON is [{ personId, cardNumber }, …]; prints one JSON line of outcomes ('ok' or the error code).
import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { YktError } from '../../src/domain/errors.ts';
import { upgrade } from '../../src/services/holder/upgrade.ts';
import { openSystem } from '../../src/system.ts';

const [dataDir, startAt, jobsJson] = process.argv.slice(2);
const jobs: Array<{ personId: number; cardNumber: string }> = JSON.parse(jobsJson!);
// DATABASE_URL from the environment puts the worker on the PostgreSQL database the test shares; like the
// test's own system it is the demo, whose secrets come from the shared data directory.
const system = await openSystem(loadConfig({ YKT_DEMO: 'true', YKT_DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL }), pino({ level: 'silent' }));
// Both processes start their first upgrade at the same instant, so that their transactions overlap.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const outcomes: string[] = [];
for (const job of jobs) {
  try {
    await upgrade(system.ctx, { personId: job.personId, channel: 'kit', cardNumber: job.cardNumber, medium: 'physical', agreementVersion: 1 });
    outcomes.push('ok');
  } catch (error) {
    outcomes.push(error instanceof YktError ? error.code : `fault: ${(error as Error).message}`);
  }
}
await system.close();
process.stdout.write(JSON.stringify(outcomes) + '\n');
