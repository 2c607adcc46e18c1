// An outlet's weekly opening hours in a small machine-readable form, so that the finder can say whether it is
// open now and when that changes. The syntax is a subset of OpenStreetMap's opening_hours, which operators'
// outlet lists already use: `Mo-Fr 08:30-17:00; Sa,Su 09:00-12:00,13:00-16:00`. Pure rules, no I/O.

const DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// Beijing time is UTC+8 all year (China has kept no daylight saving time since 1991), so a fixed offset is
// exact and the domain needs no time-zone database.
const BEIJING_OFFSET = 8 * 60 * MINUTE;
// 1 January 1970 was a Thursday: day 0 of the epoch is index 3 of DAYS.
const EPOCH_WEEKDAY = 3;

/** Open intervals per weekday, Monday first, in minutes after Beijing midnight: [[start, end], …]. */
export type WeeklyHours = ReadonlyArray<ReadonlyArray<readonly [number, number]>>;

/** The open-or-closed answer at one instant; instants are ms since the epoch. */
export type OpeningState = { open: true; closesAt: number } | { open: false; opensAt: number | null };

function minutes(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const value = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && value <= 24 * 60 ? value : null;
}

function days(text: string): number[] | null {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const [from, to = from] = part.split('-');
    const a = DAYS.indexOf(from as (typeof DAYS)[number]);
    const b = DAYS.indexOf(to as (typeof DAYS)[number]);
    if (a < 0 || b < 0) return null;
    // A range may wrap the week end (Sa-Mo).
    for (let d = a; ; d = (d + 1) % 7) {
      out.push(d);
      if (d === b) break;
    }
  }
  return out;
}

/**
 * Reads a weekly schedule, or null when the text is not one. Days not named are closed; an interval ends
 * after it starts, on the same day (24:00 at the latest).
 * @example parseWeeklyHours('Mo-Fr 08:30-17:00; Sa 09:00-12:00') // → [[[510, 1020]], …, [[540, 720]], []]
 */
export function parseWeeklyHours(text: string): WeeklyHours | null {
  const week: Array<Array<[number, number]>> = DAYS.map(() => []);
  const rules = text.split(';').map((r) => r.trim()).filter(Boolean);
  if (rules.length === 0 || text.length > 200) return null;
  for (const rule of rules) {
    const [dayText, timeText, extra] = rule.split(/\s+/);
    const ruleDays = dayText ? days(dayText) : null;
    if (!ruleDays || !timeText || extra !== undefined) return null;
    for (const span of timeText.split(',')) {
      const [start, end] = span.split('-').map(minutes);
      if (start === null || end === null || start === undefined || end === undefined || end <= start) return null;
      for (const d of ruleDays) week[d]!.push([start, end]);
    }
  }
  for (const intervals of week) {
    intervals.sort((a, b) => a[0] - b[0]);
    if (intervals.some((iv, i) => i > 0 && iv[0] < intervals[i - 1]![1])) return null;
  }
  return week;
}

/**
 * Whether a schedule is open at `at`, and when it next closes or opens (within a week; null if never).
 * @example openingState(parseWeeklyHours('Mo-Su 07:00-20:00')!, Date.parse('2026-11-30T01:00:00Z')) // 09:00 in Beijing → { open: true, closesAt: … 20:00 }
 */
export function openingState(week: WeeklyHours, at: number): OpeningState {
  const local = at + BEIJING_OFFSET;
  const dayStart = Math.floor(local / DAY) * DAY;
  const weekday = (Math.floor(local / DAY) + EPOCH_WEEKDAY) % 7;
  const now = (local - dayStart) / MINUTE;
  const instant = (dayOffset: number, minute: number) => dayStart + dayOffset * DAY + minute * MINUTE - BEIJING_OFFSET;
  for (const [start, end] of week[weekday]!) {
    if (start <= now && now < end) return { open: true, closesAt: closing(week, weekday, end, instant) };
  }
  for (let offset = 0; offset <= 7; offset++) {
    const next = week[(weekday + offset) % 7]!.find(([start]) => offset > 0 || start > now);
    if (next) return { open: false, opensAt: instant(offset, next[0]) };
  }
  return { open: false, opensAt: null };
}

// An interval that ends at midnight and one that starts at the next midnight are one stretch: it closes later.
function closing(week: WeeklyHours, weekday: number, end: number, instant: (dayOffset: number, minute: number) => number): number {
  let offset = 0;
  let last = end;
  while (last === 24 * 60 && offset < 7) {
    const first = week[(weekday + offset + 1) % 7]![0];
    if (!first || first[0] !== 0) break;
    offset++;
    last = first[1];
  }
  return instant(offset, last);
}

/**
 * The Beijing calendar day of an instant, as a day count: what "today" and "tomorrow" are measured in.
 * @example beijingDay(Date.parse('2026-11-30T17:00:00Z')) - beijingDay(Date.parse('2026-11-30T15:00:00Z')) // → 1
 */
export const beijingDay = (at: number): number => Math.floor((at + BEIJING_OFFSET) / DAY);
