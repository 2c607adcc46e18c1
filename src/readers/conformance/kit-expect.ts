// What a reader must decide for each card of the kit in each state of the list, written out by hand from
// docs/reader-list-format.md §2 and §7 (not computed by the SDK, which the kit checks).
import { Decision } from '../../domain/decisions.ts';
import { CARDS, type CardName } from './kit-cards.ts';

export type Expected = Record<CardName, Decision>;
const { PASS, NOT_UPGRADED, ABNORMAL, TEST_EXPIRED, LIST_STALE, CARD_LOST, CARD_BLOCKED, CARD_REFUNDED } = Decision;

/** List 100 under policy 3 (green, 72 h) between T0 − 5 min and T0 + 1 h. */
export const LIST_100: Expected = {
  green: PASS,
  greenSoon: PASS,
  greenEdge: PASS,
  greenOld: TEST_EXPIRED,
  greenUntested: TEST_EXPIRED,
  popup: ABNORMAL,
  yellow: ABNORMAL,
  red: ABNORMAL,
  noRecord: ABNORMAL,
  lost: CARD_LOST,
  blocked: CARD_BLOCKED,
  refunded: CARD_REFUNDED,
  unbound: NOT_UPGRADED,
  unbound16: NOT_UPGRADED,
  newcomer: NOT_UPGRADED,
};

/** After delta 101: the newcomer and the formerly red card are green with a test of 06-06 07:00; blocked is unbound. */
export const LIST_101: Expected = { ...LIST_100, red: PASS, newcomer: PASS, blocked: NOT_UPGRADED };

/** After delta 102 (or snapshot 110): the newcomer is yellow, greenOld unbound. */
export const LIST_102: Expected = { ...LIST_101, newcomer: ABNORMAL, greenOld: NOT_UPGRADED };

/** List 100 from T0 + 1 h on under policy 3: greenSoon's 72 h have ended. */
export const LIST_100_LATER: Expected = { ...LIST_100, greenSoon: TEST_EXPIRED };

/** Under policy 4 (48 h) on 2022-06-07 before 10:00: only green's test (06-05 10:00) is recent enough. */
export const LIST_100_POLICY_4: Expected = { ...LIST_100_LATER, greenEdge: TEST_EXPIRED };

/** List 102 under policy 4 before 06-07 10:00: the formerly red card, tested 06-06 07:00, still passes. */
export const LIST_102_POLICY_4: Expected = { ...LIST_102, greenSoon: TEST_EXPIRED, greenEdge: TEST_EXPIRED };

/** Under policy 5 (green or pop-up, no test needed). */
export const LIST_100_POLICY_5: Expected = { ...LIST_100, greenOld: PASS, greenUntested: PASS, popup: PASS };

/** No list the reader can use: manual check for every card. */
export const STALE: Expected = Object.fromEntries(Object.keys(CARDS).map((name) => [name, LIST_STALE])) as Expected;

/** A table as the case's taps: [card number, decision], in CARDS order. */
export function taps(table: Expected, changes: Partial<Expected> = {}): Array<[string, Decision]> {
  const all = { ...table, ...changes };
  return (Object.keys(CARDS) as CardName[]).map((name) => [CARDS[name], all[name]]);
}
