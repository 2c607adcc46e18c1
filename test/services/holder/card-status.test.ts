// A card's live status on My cards: the readers' own rule applied to the holder's health record under the
// policy in force, and the reminder only while one is still ahead.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_POLICY, PRESETS } from '../../../src/domain/entry-policy.ts';
import { cardStatus, type StatusFacts } from '../../../src/services/holder/card-status.ts';
import { REMIND_BEFORE_MS } from '../../../src/services/holder/reminders.ts';

const HOUR = 3_600_000;
const now = Date.UTC(2022, 5, 6, 8, 0);
const facts = (health: StatusFacts['health'], more: Partial<StatusFacts> = {}): StatusFacts => ({ now, policy: DEFAULT_POLICY, health, reminders: true, ...more });
const active = { cardState: 'active' as const };
const green = (testedAgo: number | null) => ({ recordId: 'r', colour: 'green', testedAt: testedAgo === null ? null : now - testedAgo, recordedAt: now });

test('a green code with a test 10 hours old passes until the test is 72 hours old, reminded 12 hours before', () => {
  const status = cardStatus(active, facts(green(10 * HOUR)));
  assert.deepEqual(status, { kind: 'passes', passUntil: now + 62 * HOUR, remindAt: now + 62 * HOUR - REMIND_BEFORE_MS });
});

test('no reminder is announced when reminders are off or when it is already due', () => {
  assert.equal(cardStatus(active, facts(green(10 * HOUR), { reminders: false })).remindAt, null);
  const soon = cardStatus(active, facts(green(65 * HOUR)));
  assert.deepEqual([soon.kind, soon.remindAt], ['passes', null]);
});

test('the same test under the 48-hour policy expired 2 hours ago', () => {
  assert.deepEqual(cardStatus(active, facts(green(50 * HOUR), { policy: { ...PRESETS.h48, version: 2, effectiveAt: 0 } })), { kind: 'test-expired', passUntil: now - 2 * HOUR, remindAt: null });
});

test('says why a card does not pass: no record, code not green, no test on record, the card lost', () => {
  assert.equal(cardStatus(active, facts(null)).kind, 'no-record');
  assert.equal(cardStatus(active, facts({ ...green(HOUR), colour: 'yellow' })).kind, 'not-green');
  assert.equal(cardStatus(active, facts(green(null))).kind, 'no-test');
  assert.equal(cardStatus({ cardState: 'lost' }, facts(green(HOUR))).kind, 'lost');
});

test('a policy that needs no test lets a green code pass with no end to show', () => {
  assert.deepEqual(cardStatus(active, facts(green(null), { policy: { ...DEFAULT_POLICY, maxTestAgeMs: null } })), { kind: 'passes', passUntil: null, remindAt: null });
});
