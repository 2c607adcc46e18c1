// A new user's first five minutes: the README's curl tour, run as written against a real server process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { startServerProcess, type ServerProcess } from './support/process.ts';

let server: ServerProcess;
before(async () => {
  server = await startServerProcess();
});
after(() => server.kill());

test('the README tour signs in with a demo passport, upgrades a demo card, lists it and unbinds it', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  const tour = readme.split('## A tour with curl')[1]?.match(/```bash\n([\s\S]*?)```/)?.[1];
  assert.ok(tour, 'README has a bash block in its tour');
  const script = tour.replace('B=http://localhost:8080', `B=${server.base}`);
  const run = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^\{"version":1,/m);
  assert.match(run.stdout, /^\{"card":\{"id":\d+,"card":"1000\*{8}0002","medium":"physical"/m);
  assert.match(run.stdout, /^\{"cards":\[\{"id":\d+,"card":"1000\*{8}0002"/m);
  assert.match(run.stdout, /^204$/m);
});
