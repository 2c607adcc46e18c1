// `ykt import health`: the CSV import runs as a real process, the NDJSON ones in this process (yktHere).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openSystem } from '../../src/system.ts';
import { ykt, yktHere } from '../support/cli.ts';
import { tempDataDir } from '../support/system.ts';

const passport = { type: 'passport', number: 'E12345678', state: 'GBR' } as const;

async function healthOf(dataDir: string) {
  const system = await openSystem(loadConfig({ YKT_DATA_DIR: dataDir }));
  const record = await system.ctx.store.health.get(system.ctx.personalData.documentKey(passport));
  await system.close();
  return record;
}

test('imports health records from CSV, rejecting bad rows with their line and reason', async () => {
  const dataDir = tempDataDir();
  const file = path.join(dataDir, 'health.csv');
  fs.writeFileSync(
    file,
    [
      'record_id,document_type,document_number,document_state,colour,tested_at,recorded_at',
      'r1,passport,E12345678,GBR,yellow,2022-06-05T08:00:00+08:00,2022-06-05T09:00:00+08:00',
      'r2,passport,E12345678,GBR,purple,,2022-06-05T10:00:00+08:00',
      'r3,hk-macao-permit,X123,,green,,2022-06-05T10:00:00+08:00',
    ].join('\n'),
  );
  const run = await ykt(['import', 'health', file], { YKT_DATA_DIR: dataDir });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stdout, /Accepted 1: 1 stored/);
  assert.match(run.stdout, /line 3: HEALTH_RECORD_INVALID \(colour\)/);
  assert.match(run.stdout, /line 4: DOC_HK_MACAO_FORMAT \(document\)/);
  const record = await healthOf(dataDir);
  assert.equal(record?.colour, 'yellow');
  assert.equal(record?.recordedAt, Date.parse('2022-06-05T09:00:00+08:00'));
});

test('imports NDJSON; an older record arriving later does not overwrite a newer one, and a rerun stores nothing', async () => {
  const dataDir = tempDataDir();
  const file = path.join(dataDir, 'health.ndjson');
  const newer = { recordId: 'n2', document: passport, colour: 'green', testedAt: '2022-06-06T08:00:00Z', recordedAt: '2022-06-06T09:00:00Z' };
  const older = { recordId: 'n1', document: passport, colour: 'red', testedAt: null, recordedAt: '2022-06-05T09:00:00Z' };
  fs.writeFileSync(file, `${JSON.stringify(newer)}\n${JSON.stringify(older)}\nnot json\n`);
  const first = await yktHere(['import', 'health', file], { YKT_DATA_DIR: dataDir });
  assert.match(first.stdout, /Accepted 2: 1 stored, 1 already held or older/);
  assert.match(first.stdout, /line 3: HEALTH_RECORD_INVALID \(recordId\)/);
  assert.equal((await healthOf(dataDir))?.colour, 'green');
  const again = await yktHere(['import', 'health', file], { YKT_DATA_DIR: dataDir });
  assert.match(again.stdout, /Accepted 2: 0 stored, 2 already held or older/);
});
