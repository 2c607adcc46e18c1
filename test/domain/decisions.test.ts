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

test('an unbound card is told what the 2022 notice said: show a valid health code to staff, and ride', () => {
  const cue = describeDecision(Decision.NOT_UPGRADED);
  assert.match(cue.zh, /未升级/);
  assert.match(cue.zh, /工作人员出示有效健康码/);
  assert.match(cue.zh, /乘车/);
  assert.match(cue.en, /not upgraded/);
  assert.match(cue.en, /show a valid health code to staff/);
  assert.match(cue.en, /ride/);
});

test('a lost, blocked or refunded card says where to go (outlet, customer service), never "upgrade"', () => {
  for (const d of [Decision.CARD_LOST, Decision.CARD_BLOCKED, Decision.CARD_REFUNDED]) {
    const cue = describeDecision(d);
    assert.match(cue.zh, /客服热线 010-96066/, d);
    assert.match(cue.en, /customer service on 010-96066/, d);
    assert.doesNotMatch(cue.zh, /升级/, d);
    assert.doesNotMatch(cue.en, /upgrade/i, d);
  }
  // Found again, a lost card is reinstated at an outlet; a blocked one may be looked into there too.
  for (const d of [Decision.CARD_LOST, Decision.CARD_BLOCKED]) {
    assert.match(describeDecision(d).zh, /服务网点/, d);
    assert.match(describeDecision(d).en, /service outlet/, d);
  }
});

test('a card that cannot ride never hears "please go through"', () => {
  for (const d of DECISIONS.filter((x) => x !== Decision.PASS)) {
    assert.doesNotMatch(describeDecision(d).zh, /请通行/, d);
    assert.doesNotMatch(describeDecision(d).en, /go through/i, d);
  }
});
