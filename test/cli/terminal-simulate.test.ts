// `ykt terminal simulate` and `ykt terminal enrol-token` against the real server running as its own process;
// the first simulation is a real process too, the other commands run in this process (yktHere).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DECISIONS } from '../../src/domain/decisions.ts';
import { DEMO_STAFF } from '../../src/services/demo/seed.ts';
import { ykt, yktHere } from '../support/cli.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';

const operator = DEMO_STAFF.find((s) => s.role === 'operator')!;

/** The figure on a summary line such as `  uploaded        120`. */
function figure(stdout: string, label: string): number {
  const match = new RegExp(`^\\s+${label}\\s+(\\d+)`, 'm').exec(stdout);
  assert.ok(match, `no "${label}" line in:\n${stdout}`);
  return Number(match[1]);
}

describe('ykt terminal', () => {
  let server: ServerProcess;

  before(async () => {
    server = await startServerProcess();
  });
  after(() => server.kill());

  test('simulate runs 3 readers for a few seconds, printing live lines, and ends with every tap decided and uploaded', { timeout: 60_000 }, async () => {
    const run = await ykt(['terminal', 'simulate', '--readers', '3', '--rate', '40', '--duration', '3', '--url', server.base, '--operator', `${operator.username}:${operator.password}`]);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const live = run.stdout.split('\n').filter((line) => /^\[\s*\d+ s\] readers/.test(line));
    assert.ok(live.length >= 2, `live lines once a second:\n${run.stdout}`);
    assert.match(live.at(-1)!, /readers 3\/3 online/);
    assert.match(live.at(-1)!, /lag ≤ \d+, age ≤ [\d.]+ s/);
    assert.match(run.stdout, /Summary after [\d.]+ s: 3 readers/);
    const taps = figure(run.stdout, 'taps decided');
    // How many depends on how busy the machine is (the rate is a target, not a promise): that there were taps,
    // each decided once and uploaded, is what holds.
    assert.ok(taps > 0, `taps were decided:\n${run.stdout}`);
    const byDecision = DECISIONS.reduce((n, d) => n + figure(run.stdout, d), 0);
    assert.equal(byDecision, taps, 'every tap has exactly one decision');
    assert.ok(figure(run.stdout, 'NOT_UPGRADED') > 0, 'most demo cards are not upgraded');
    assert.equal(figure(run.stdout, 'LIST_STALE'), 0, 'every reader held a fresh list');
    assert.equal(figure(run.stdout, 'uploaded'), taps);
    assert.equal(figure(run.stdout, 'backlog'), 0);
  });

  test('enrol-token issues a token at the server\'s shell that a simulated reader enrols with', { timeout: 60_000 }, async () => {
    const issued = await yktHere(['terminal', 'enrol-token', '--kind', 'bus-validator', '--line', 'Bus 1', '--station', 'Depot'], { YKT_DATA_DIR: server.dataDir });
    assert.equal(issued.code, 0, issued.stderr);
    const token = /^(enr_\S+)/m.exec(issued.stdout)?.[1];
    assert.ok(token, issued.stdout);
    const run = await yktHere(['terminal', 'simulate', '--readers', '1', '--rate', '10', '--duration', '1', '--url', server.base, '--enrolment-token', token, '--json']);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    assert.equal(summary.readers, 1);
    assert.ok(summary.taps >= 8, JSON.stringify(summary));
    assert.equal(summary.uploaded, summary.taps);
    assert.equal(summary.backlog, 0);
  });

  test('a used enrolment token is refused and the simulator says why', { timeout: 60_000 }, async () => {
    const issued = await yktHere(['terminal', 'enrol-token', '--kind', 'metro-gate', '--line', 'Line 2', '--station', 'Jishuitan'], { YKT_DATA_DIR: server.dataDir });
    const token = /^(enr_\S+)/m.exec(issued.stdout)![1]!;
    const first = await yktHere(['terminal', 'simulate', '--readers', '1', '--rate', '1', '--duration', '0', '--url', server.base, '--enrolment-token', token]);
    assert.equal(first.code, 0, first.stderr);
    const again = await yktHere(['terminal', 'simulate', '--readers', '1', '--rate', '1', '--duration', '0', '--url', server.base, '--enrolment-token', token]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /ENROLMENT_TOKEN_INVALID/);
  });

  test('fewer enrolment tokens than readers are refused before anything is sent, saying one token per reader, without a stack trace', { timeout: 60_000 }, async () => {
    const run = await ykt(['terminal', 'simulate', '--readers', '2', '--duration', '0', '--url', server.base, '--enrolment-token', 'enr_unused']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /2 readers need 2 enrolment tokens, one each, and 1 was given/);
    assert.doesNotMatch(run.stderr, /sign-in|\n\s+at /);
    const negative = await ykt(['terminal', 'simulate', '--rate', '-1', '--url', server.base]);
    assert.notEqual(negative.code, 0);
    assert.match(negative.stderr, /--rate must be a number ≥ 0/);
    assert.doesNotMatch(negative.stderr, /\n\s+at /);
  });
});
