import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_POLICY, NEVER_TESTED_MS, PASS_FOREVER_MS, PRESETS, passUntil, policyAt } from '../../src/domain/entry-policy.ts';
import { CODE_COLOURS, CODE_COLOUR_LABELS, type HealthRecord } from '../../src/domain/health.ts';

const HOUR = 3_600_000;
const T = Date.parse('2022-06-06T08:00:00+08:00');
const green = (testedAt: number | null): HealthRecord => ({ colour: 'green', testedAt, recordedAt: T });

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

test('a green code with no test on record has a pass-until in the past, so readers say the test expired', () => {
  assert.equal(passUntil(green(null), DEFAULT_POLICY), NEVER_TESTED_MS);
});

test('a policy without a test requirement passes the colour alone', () => {
  assert.equal(passUntil(green(null), { ...DEFAULT_POLICY, maxTestAgeMs: null }), PASS_FOREVER_MS);
});

test('a test time after the record time cannot stretch pass-until', () => {
  assert.equal(passUntil(green(T + 10 * HOUR), DEFAULT_POLICY), T + 72 * HOUR);
});

test('pass-until never exceeds test time plus the maximum test age', () => {
  fc.assert(
    fc.property(fc.constantFrom(...CODE_COLOURS), fc.integer({ min: 0, max: 2 ** 41 }), fc.integer({ min: 0, max: 2 ** 41 }), (colour, testedAt, recordedAt) => {
      const p = passUntil({ colour, testedAt, recordedAt }, PRESETS.h48);
      if (colour !== 'green') assert.equal(p, 0);
      else assert.ok(p > 0 && p <= Math.max(NEVER_TESTED_MS, testedAt + 48 * HOUR));
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
