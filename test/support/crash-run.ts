// What the crash tests (test/http/crash-under-load.test.ts on SQLite, test/deploy/postgres-crash.test.ts)
// share: the holders of the write load, waiting for it to make progress, and the checks after the crashes —
// the store against the ledger, and the reader's own list against the store.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Decision } from '../../src/domain/decisions.ts';
import { connectStore } from '../../src/store/open-store.ts';
import { signInAnywhere, type startReader } from '../deploy/cluster-client.ts';
import { checkLedger, type LedgerCounts } from './crash-ledger.ts';
import { demoCard, waitFor } from './fixtures.ts';
import type { ServerProcess } from './process.ts';
import type { Holder, Ledger } from './write-load.ts';

/** The health authority's key, given to every server the test starts, so that the test can sign batches. */
export const healthFeedKey = randomBytes(32);
export const crashEnv = { YKT_HEALTH_FEED_KEY: healthFeedKey.toString('base64') };

// Active ordinary and student demo cards, one per holder.
const CARDS = [1, 2, 3, 7, 8, 9].map(demoCard);

export type Reader = Awaited<ReturnType<typeof startReader>>;
export interface Where {
  dataDir: string;
  databaseUrl?: string;
}

/** The port a server listens on, to start it again where its clients look for it. */
export const portOf = (node: ServerProcess) => Number(new URL(node.base).port);

/** Signs in one passport holder per card through `base` (codes read from the outboxes of `nodes`). */
export async function signInHolders(base: string, nodes: readonly string[]): Promise<Holder[]> {
  const holders: Holder[] = [];
  for (const [i, cardNumber] of CARDS.entries()) {
    const document = { type: 'passport', number: `CR${String(i).padStart(7, '0')}`, state: 'GBR' };
    holders.push({ token: await signInAnywhere(base, nodes, document), cardNumber, document });
  }
  return holders;
}

/** Resolves once the load has had each kind of write acknowledged `n` more times than now. */
export async function progress(ledger: Ledger, n = 3): Promise<void> {
  const total = () => [ledger.upgrades.length + ledger.unbinds.length, ledger.tapBatches.length, ledger.healthBatches.length];
  const from = total();
  await waitFor(() => total().every((count, i) => count >= from[i]! + n), 20_000);
}

/** Waits until the reader's own list says of every holder's card what the store says: bound or not. */
export async function readerAgrees(reader: Reader, where: Where): Promise<void> {
  const store = await connectStore({ databaseUrl: undefined, ...where });
  const bound = new Set<string>();
  try {
    for (const number of CARDS) {
      const card = (await store.cards.findByNumber(number))!;
      if (await store.bindings.activeOfCard(card.id)) bound.add(number);
    }
  } finally {
    await store.close();
  }
  await reader.sync.until((s) => CARDS.every((n) => (s.list.decide(n, Date.now()) !== Decision.NOT_UPGRADED) === bound.has(n)), 15_000);
}

/** Holds the store to the ledger, prints the counts (for the closing note and docs/reliability.md) and answers them. */
export async function checkAndReport(name: string, ledger: Ledger, holders: readonly Holder[], where: Where): Promise<LedgerCounts> {
  assert.equal(ledger.refusals.INTERNAL ?? 0, 0, `no request is answered INTERNAL: ${JSON.stringify(ledger.refusals)}`);
  const store = await connectStore({ databaseUrl: undefined, ...where });
  try {
    const counts = await checkLedger(store, ledger, holders);
    console.log(`crash under load, ${name}: acknowledged ${JSON.stringify(counts)}; refusals ${JSON.stringify(ledger.refusals)}`);
    assert.equal(counts.lost, 0);
    return counts;
  } finally {
    await store.close();
  }
}
