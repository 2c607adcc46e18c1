import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Decision } from '../../src/domain/decisions.ts';
import { DEFAULT_POLICY, PRESETS, policyAt, type EntryPolicy } from '../../src/domain/entry-policy.ts';
import { CODE_COLOURS, CODE_COLOUR_LABELS, type HealthRecord } from '../../src/domain/health.ts';
import { compilePolicy } from '../../src/readers/sdk/list-policy.ts';
import { decideValue, FACTS_EPOCH_MS, listValue, passUntilOf } from '../../src/readers/sdk/list-values.ts';

const HOUR = 3_600_000;
const T = Date.parse('2022-06-06T08:00:00+08:00');
const green = (testedAt: number | null): HealthRecord => ({ colour: 'green', testedAt, recordedAt: T });
// The entry rule as it is applied: to a bound card's list value (its facts) under the policy in a list's header.
const passUntil = (record: HealthRecord | null, policy: EntryPolicy): number => passUntilOf(listValue('active', record), compilePolicy(policy));

test('the default policy passes a green code for 72 hours after the test', () => {
  assert.equal(DEFAULT_POLICY.maxTestAgeMs, 72 * HOUR);
  assert.equal(passUntil(green(T - HOUR), DEFAULT_POLICY), T + 71 * HOUR);
});

test('the presets are 72 hours, 48 hours and 7 days', () => {
  assert.equal(PRESETS.h72.maxTestAgeMs, 72 * HOUR);
  assert.equal(PRESETS.h48.maxTestAgeMs, 48 * HOUR);
  assert.equal(PRESETS.d7.maxTestAgeMs, 7 * 24 * HOUR);
});

test('a colour the policy does not pass, or no record at all, does not pass', () => {
  for (const colour of ['popup', 'yellow', 'red'] as const) {
    assert.equal(passUntil({ colour, testedAt: T, recordedAt: T }, DEFAULT_POLICY), 0);
  }
  assert.equal(passUntil(null, DEFAULT_POLICY), 0);
});

test('a green code with no test on record does not pass, and readers say the test expired, not that the code is not green', () => {
  assert.equal(passUntil(green(null), DEFAULT_POLICY), 0);
  assert.equal(decideValue(listValue('active', green(null)), T, compilePolicy(DEFAULT_POLICY)), Decision.TEST_EXPIRED);
});

test('a policy without a test requirement passes the colour alone', () => {
  assert.equal(passUntil(green(null), { ...DEFAULT_POLICY, maxTestAgeMs: null }), Number.MAX_SAFE_INTEGER);
});

test('a test time after the record time cannot stretch pass-until', () => {
  assert.equal(passUntil(green(T + 10 * HOUR), DEFAULT_POLICY), T + 72 * HOUR);
});

test('pass-until never exceeds test time plus the maximum test age (tests since 2020, where list values count from)', () => {
  fc.assert(
    fc.property(fc.constantFrom(...CODE_COLOURS), fc.integer({ min: FACTS_EPOCH_MS + 60_000, max: 2 ** 41 }), fc.integer({ min: FACTS_EPOCH_MS + 60_000, max: 2 ** 41 }), (colour, testedAt, recordedAt) => {
      const p = passUntil({ colour, testedAt, recordedAt }, PRESETS.h48);
      if (colour !== 'green') assert.equal(p, 0);
      else assert.ok(p <= Math.min(testedAt, recordedAt) + 48 * HOUR);
    }),
  );
});

test('the policy in force is the latest one already effective', () => {
  const a = { ...PRESETS.h72, version: 1, effectiveAt: 0 };
  const b = { ...PRESETS.h48, version: 2, effectiveAt: T };
  assert.equal(policyAt([a, b], T - 1), a);
  assert.equal(policyAt([a, b], T), b);
  assert.equal(policyAt([b], T - 1), null);
});

test('every code colour has a Chinese and an English label', () => {
  for (const c of CODE_COLOURS) assert.ok(CODE_COLOUR_LABELS[c].zh && CODE_COLOUR_LABELS[c].en);
  assert.equal(CODE_COLOUR_LABELS.green.zh, '未见异常');
});
