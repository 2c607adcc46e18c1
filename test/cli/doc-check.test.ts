import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { residenceCheckCharacter } from '../../src/domain/documents.ts';
import { YKT_PROCESS, yktHere } from '../support/cli.ts';

interface Run {
  exitCode: number;
  stdout: string;
  json: { valid: boolean; code: string; message: { zh: string; en: string }; document?: Record<string, string> };
}

function parsed(exitCode: number, stdout: string): Run {
  return { exitCode, stdout, json: JSON.parse(stdout) as Run['json'] };
}

/** `ykt doc check` in a real process, as a script vetting data runs it. */
function yktProcess(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...YKT_PROCESS, ...args],
      { timeout: 30_000 },
      (error, stdout) => {
        const exitCode = error === null ? 0 : error.code;
        if (typeof exitCode !== 'number') return reject(error ?? new Error('no exit code'));
        resolve(parsed(exitCode, stdout));
      },
    );
  });
}

/** The same program run in this process: the verdicts, without a process start each. */
async function ykt(...args: string[]): Promise<Run> {
  const run = await yktHere(args);
  return parsed(run.code, run.stdout);
}

describe('ykt doc check', () => {
  test('prints a valid verdict with the number masked and exits 0', async () => {
    const run = await yktProcess('doc', 'check', 'hk-macao-permit', 'ｈ１２３４５６７８');
    assert.equal(run.exitCode, 0);
    assert.deepEqual(run.json, {
      valid: true,
      code: 'DOC_VALID',
      message: { zh: '证件号码格式有效', en: 'The document number is valid' },
      document: { type: 'hk-macao-permit', number: 'H1*****78' },
    });
    assert.equal(run.stdout.trim().split('\n').length, 1);
    assert.ok(!run.stdout.includes('H12345678'));
  });

  test('includes the normalised issuing state of a valid passport', async () => {
    const run = await ykt('doc', 'check', 'passport', 'E98765432', '--state', 'gbr');
    assert.equal(run.exitCode, 0);
    assert.deepEqual(run.json.document, { type: 'passport', number: 'E9*****32', state: 'GBR' });
    assert.ok(!run.stdout.includes('E98765432'));
  });

  test('accepts a valid residence permit without showing its number', async () => {
    const number = `83000019900101123${residenceCheckCharacter('83000019900101123')}`;
    const run = await ykt('doc', 'check', 'residence-permit', number);
    assert.equal(run.exitCode, 0);
    assert.equal(run.json.valid, true);
    assert.ok(!run.stdout.includes(number));
  });

  test('prints the catalogue code and bilingual message of an invalid number and exits 1', async () => {
    const run = await ykt('doc', 'check', 'taiwan-permit', '123456789');
    assert.equal(run.exitCode, 1);
    assert.equal(run.json.valid, false);
    assert.equal(run.json.code, 'DOC_TAIWAN_FORMAT');
    assert.match(run.json.message.zh, /台湾居民来往大陆通行证/);
    assert.match(run.json.message.en, /Taiwan Residents/);
    assert.equal(run.json.document, undefined);
    assert.ok(!run.stdout.includes('123456789'));
  });

  test('refuses a passport without an issuing state', async () => {
    const run = await ykt('doc', 'check', 'passport', 'E98765432');
    assert.equal(run.exitCode, 1);
    assert.equal(run.json.code, 'DOC_PASSPORT_STATE_MISSING');
  });

  test('refuses an unknown document type with DOC_TYPE_UNKNOWN', async () => {
    const run = await ykt('doc', 'check', 'id-card', '110101199001011234');
    assert.equal(run.exitCode, 1);
    assert.deepEqual(run.json, {
      valid: false,
      code: 'DOC_TYPE_UNKNOWN',
      message: { zh: '不支持的证件类型', en: 'This document type is not supported' },
    });
  });
});
