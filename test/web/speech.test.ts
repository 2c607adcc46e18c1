import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DECISIONS, describeDecision } from '../../src/domain/decisions.ts';
import { speakable } from '../../src/web/reader/speech.ts';

test('a voice reads the hotline digit by digit, in both languages', () => {
  assert.equal(speakable('请拨打客服热线 010-96066'), '请拨打客服热线 0 1 0, 9 6 0 6 6');
  assert.equal(speakable('call customer service on 010-96066'), 'call customer service on 0 1 0, 9 6 0 6 6');
});

test('a gate text without a phone number is spoken as it is shown', () => {
  for (const d of DECISIONS) {
    const { zh, en } = describeDecision(d);
    if (!/\d-\d/.test(zh)) assert.equal(speakable(zh), zh, d);
    if (!/\d-\d/.test(en)) assert.equal(speakable(en), en, d);
  }
});
