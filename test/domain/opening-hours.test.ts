import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openingState, parseWeeklyHours } from '../../src/domain/opening-hours.ts';

// Instants written in Beijing time, as the outlets' hours are.
const beijing = (local: string) => Date.parse(`${local}+08:00`);
const week = (text: string) => {
  const parsed = parseWeeklyHours(text);
  assert.ok(parsed, text);
  return parsed;
};

test('reads day ranges, day lists and several intervals a day, Monday first', () => {
  const w = week('Mo-Fr 08:30-17:00; Sa,Su 09:00-12:00,13:00-16:00');
  assert.deepEqual(w[0], [[510, 1020]]);
  assert.deepEqual(w[4], [[510, 1020]]);
  assert.deepEqual(w[5], [[540, 720], [780, 960]]);
  assert.deepEqual(week('Sa-Mo 10:00-11:00').map((d) => d.length), [1, 0, 0, 0, 0, 1, 1]);
});

test('refuses what is not a weekly schedule', () => {
  for (const bad of ['', 'daily 9-5', 'Mo-Fr', 'Mo-Fr 9:00', 'Xx 09:00-10:00', 'Mo 17:00-09:00', 'Mo 09:00-25:00', 'Mo 09:60-10:00', 'Mo 09:00-12:00,11:00-13:00', 'Mo 09:00-10:00 extra']) {
    assert.equal(parseWeeklyHours(bad), null, bad);
  }
});

test('is open inside an interval in Beijing time, and says when it closes', () => {
  const w = week('Mo-Su 07:00-20:00');
  // 2026-11-30 is a Monday; 01:00 UTC is 09:00 in Beijing.
  assert.deepEqual(openingState(w, Date.parse('2026-11-30T01:00:00Z')), { open: true, closesAt: beijing('2026-11-30T20:00:00') });
  assert.deepEqual(openingState(w, beijing('2026-11-30T07:00:00')), { open: true, closesAt: beijing('2026-11-30T20:00:00') });
});

test('is closed outside, and says when it next opens: later today, tomorrow or after a closed weekend', () => {
  const w = week('Mo-Fr 08:30-12:00,13:00-17:00');
  assert.deepEqual(openingState(w, beijing('2026-11-30T06:00:00')), { open: false, opensAt: beijing('2026-11-30T08:30:00') });
  assert.deepEqual(openingState(w, beijing('2026-11-30T12:30:00')), { open: false, opensAt: beijing('2026-11-30T13:00:00') });
  assert.deepEqual(openingState(w, beijing('2026-11-30T17:00:00')), { open: false, opensAt: beijing('2026-12-01T08:30:00') });
  // Friday evening → Monday morning.
  assert.deepEqual(openingState(w, beijing('2026-12-04T18:00:00')), { open: false, opensAt: beijing('2026-12-07T08:30:00') });
});

test('a stretch across midnight closes when the last interval ends; a week with no hours never opens', () => {
  const w = week('Fr 18:00-24:00; Sa 00:00-02:00');
  assert.deepEqual(openingState(w, beijing('2026-12-04T23:00:00')), { open: true, closesAt: beijing('2026-12-05T02:00:00') });
  assert.deepEqual(openingState(week('Mo-Su 00:00-24:00'), beijing('2026-12-04T23:00:00')).open, true);
  assert.deepEqual(openingState([[], [], [], [], [], [], []], 0), { open: false, opensAt: null });
});
