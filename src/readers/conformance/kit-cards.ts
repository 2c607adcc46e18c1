// The cards of the conformance kit, the instants the cases tap at, and the facts the lists hold. Card
// numbers run from 16 to 20 digits so that SipHash-1-3 meets every tail length a card number has.
import { listValue } from '../builder/index.ts';

const at = (iso: string) => Date.parse(iso);

/** When the main list (version 100) was made: 2022-06-06 08:00 Beijing time. */
export const T0 = at('2022-06-06T08:00:00+08:00');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const CARDS = {
  /** green, tested 2022-06-05 10:00: passes under 72 h until 06-08 10:00, under 48 h until 06-07 10:00 */
  green: '6214830000000000017',
  /** green, tested 2022-06-03 09:00: its 72 h end at T0 + 1 h */
  greenSoon: '62148300000000131',
  /** green, tested 2022-06-04 23:00: passes under 72 h (until 06-07 23:00), not under 48 h (ended 06-06 23:00) */
  greenEdge: '6214830000000000124',
  /** green, tested 2022-06-02 07:00: expired under every policy of the kit but "no test needed" */
  greenOld: '62148300000000033',
  /** green, no test on record */
  greenUntested: '621483000000000041',
  popup: '6214830000000000058',
  yellow: '62148300000000000066',
  red: '6214830000000000025',
  /** bound, no health record at all (class 4) */
  noRecord: '6214830000000074',
  lost: '6214830000000000082',
  blocked: '6214830000000000090',
  refunded: '62148300000000001088',
  /** never bound */
  unbound: '6214830000000000108',
  unbound16: '1234567890123456',
  /** bound by a delta: green tested 06-06 07:00, then yellow */
  newcomer: '6214830000000000116',
} as const;

export type CardName = keyof typeof CARDS;

const RECORDED = at('2022-06-06T07:30:00+08:00');
const green = (testedIso: string | null) => listValue('active', { colour: 'green', testedAt: testedIso === null ? null : at(testedIso), recordedAt: RECORDED });
const coloured = (colour: 'popup' | 'yellow' | 'red') => listValue('active', { colour, testedAt: at('2022-06-06T07:00:00+08:00'), recordedAt: RECORDED });

/** List values (docs/reader-list-format.md §2) of the bound cards of list version 100. */
export const FACTS_100: ReadonlyArray<readonly [string, number]> = [
  [CARDS.green, green('2022-06-05T10:00:00+08:00')],
  [CARDS.greenSoon, green('2022-06-03T09:00:00+08:00')],
  [CARDS.greenEdge, green('2022-06-04T23:00:00+08:00')],
  [CARDS.greenOld, green('2022-06-02T07:00:00+08:00')],
  [CARDS.greenUntested, green(null)],
  [CARDS.popup, coloured('popup')],
  [CARDS.yellow, coloured('yellow')],
  [CARDS.red, listValue('active', { colour: 'red', testedAt: null, recordedAt: RECORDED })],
  [CARDS.noRecord, listValue('active', null)],
  [CARDS.lost, listValue('lost', null)],
  [CARDS.blocked, listValue('blocked', null)],
  [CARDS.refunded, listValue('refunded', null)],
];

/** Delta 100 → 101: a newcomer (green, tested 06-06 07:00), red turns green with that test, blocked is unbound. */
export const DELTA_101 = {
  upserts: [
    [CARDS.newcomer, green('2022-06-06T07:00:00+08:00')],
    [CARDS.red, green('2022-06-06T07:00:00+08:00')],
  ] as Array<[string, number]>,
  removals: [CARDS.blocked],
};

/** Delta 101 → 102: the newcomer turns yellow, greenOld is unbound, and a never-bound card is removed (nothing happens). */
export const DELTA_102 = {
  upserts: [[CARDS.newcomer, coloured('yellow')]] as Array<[string, number]>,
  removals: [CARDS.greenOld, CARDS.unbound],
};

/** The bound cards at version 102: FACTS_100 with both deltas applied. */
export function facts102(): Map<string, number> {
  const list = new Map(FACTS_100);
  for (const change of [DELTA_101, DELTA_102]) {
    for (const card of change.removals) list.delete(card);
    for (const [card, value] of change.upserts) list.set(card, value);
  }
  return list;
}
