import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DECISIONS, Decision, describeDecision } from '../../src/domain/decisions.ts';

test('every decision has Chinese and English text, a light, a sound and a unique reason code', () => {
  const reasons = new Set<number>();
  for (const d of DECISIONS) {
    const cue = describeDecision(d);
    assert.ok(cue.zh.length > 0 && cue.en.length > 0, d);
    assert.ok(['green', 'amber', 'red'].includes(cue.light), d);
    assert.ok(cue.sound.length > 0, d);
    reasons.add(cue.reason);
  }
  assert.equal(reasons.size, DECISIONS.length);
  assert.equal(DECISIONS.length, 8);
});

test('only PASS opens the gate or shows green', () => {
  for (const d of DECISIONS) {
    assert.equal(describeDecision(d).opens, d === Decision.PASS);
    assert.equal(describeDecision(d).light === 'green', d === Decision.PASS);
  }
});

test('an unbound card hears what Beijing gates said in 2022', () => {
  assert.equal(describeDecision(Decision.NOT_UPGRADED).zh, '未查到健康码信息,请您尽快授权升级');
  assert.match(describeDecision(Decision.NOT_UPGRADED).en, /show your health code to staff/);
});
