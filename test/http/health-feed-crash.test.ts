// DESIGN §4 rule 3 for the health feed, on SQLite: four senders post signed batches at once (fresh people
// and every bound holder in each), the server is killed with SIGKILL and started again on the same data
// directory. Every batch answered 200 must be there whole after the restart: each of its records, and the
// change-log entry of each bound card whose record it stored, so that readers still learn of it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { signHealthBatch } from '../../src/http/health-feed.ts';
import { connectStore } from '../../src/store/open-store.ts';
import { crashEnv, healthFeedKey, portOf, signInHolders } from '../support/crash-run.ts';
import { waitFor } from '../support/fixtures.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';
import { tempDataDir } from '../support/system.ts';
import type { Holder } from '../support/write-load.ts';

const SENDERS = 4;
const FRESH = 300;

interface Answered {
  /** The records of fresh people in the batch, by record id. */
  fresh: string[];
  recordedAt: number;
  /** How many of the bound holders' records the batch stored. */
  holdersStored: number;
}

describe('the health feed, the server killed with SIGKILL while batches are posted and started again', () => {
  const dataDir = tempDataDir();
  let node: ServerProcess | undefined;
  after(async () => {
    await node?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('keeps every record of every answered batch, and the change-log entries of its bound cards', { timeout: 90_000 }, async () => {
    node = await startServerProcess({ dataDir, env: crashEnv });
    const holders = await signInHolders(node.base, [node.base]);
    for (const h of holders) {
      const made: Response = await fetch(`${node.base}/api/v1/kit/cards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
        body: JSON.stringify({ cardNumber: h.cardNumber, medium: 'physical', agreementVersion: 1 }),
      });
      assert.equal(made.status, 201, await made.text());
    }

    const answered: Answered[] = [];
    let sent = 0;
    let running = true;
    let last = 0;
    const sender = async () => {
      while (running) {
        const b = sent++;
        const recordedAt = (last = Math.max(Date.now(), last + 1));
        const body = JSON.stringify({ records: batch(b, recordedAt, holders) });
        try {
          const res = await fetch(`${node!.base}/api/v1/health-feed/records`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-ykt-signature': signHealthBatch(healthFeedKey, body, Date.now()) },
            body,
          });
          const answer = (await res.json()) as { stored: number; rejected: unknown[] };
          if (res.status !== 200) continue;
          assert.deepEqual(answer.rejected, []);
          answered.push({ fresh: Array.from({ length: FRESH }, (_, i) => recordId(b, i)), recordedAt, holdersStored: answer.stored - FRESH });
        } catch (error) {
          // No answer: the server died under it (it may or may not have committed). Anything else is a failure.
          if (!(error instanceof TypeError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    const senders = Array.from({ length: SENDERS }, sender);
    await waitFor(() => answered.length >= 12, 30_000);
    await node.kill('SIGKILL');
    const beforeCrash = answered.length;
    node = await startServerProcess({ dataDir, env: crashEnv, port: portOf(node) });
    await waitFor(() => answered.length >= beforeCrash + 8, 30_000);
    running = false;
    await Promise.all(senders);
    await node.kill('SIGTERM');

    const store = await connectStore({ databaseUrl: undefined, dataDir });
    try {
      const dump = await store.dump();
      const held = new Set((dump.health_record as Array<{ record_id: string }>).map((r) => r.record_id));
      const missing = answered.flatMap((a) => a.fresh.filter((id) => !held.has(id)));
      assert.deepEqual(missing.slice(0, 5), [], `${missing.length} records of answered batches are gone`);
      // Every holder's record is at least as new as the newest answered batch's.
      const newest = Math.max(...answered.map((a) => a.recordedAt));
      for (const h of holders) {
        const record = await store.health.get(holderKey(h, dump));
        assert.ok(record && record.recordedAt >= newest, `${h.document.number}: ${JSON.stringify(record)} older than ${newest}`);
      }
      // Each holder's record a batch stored put the holder's one card in the change log, in the same commit.
      const cards = new Set((dump.binding as Array<{ card_id: number; ended_at: number | null }>).filter((b) => b.ended_at === null).map((b) => Number(b.card_id)));
      const healthChanges = (dump.change_log as Array<{ kind: string; card_id: number | null }>).filter((c) => c.kind === 'health' && cards.has(Number(c.card_id))).length;
      const acknowledged = answered.reduce((sum, a) => sum + a.holdersStored, 0);
      assert.ok(acknowledged > 0, 'some answered batch stored a holder record');
      assert.ok(healthChanges >= acknowledged, `${healthChanges} health changes of bound cards for ${acknowledged} acknowledged holder records`);
      console.log(`health feed crash: ${answered.length} batches answered (${beforeCrash} before the kill) of ${sent} sent, ${answered.length * FRESH + acknowledged} records kept, ${healthChanges} changes of bound cards`);
    } finally {
      await store.close();
    }
  });
});

const recordId = (b: number, i: number) => `crash-${b}-${i}`;

/** FRESH people no batch shares, then every bound holder, all recorded at one instant. */
function batch(b: number, recordedAt: number, holders: readonly Holder[]) {
  const fresh = Array.from({ length: FRESH }, (_, i) => ({
    recordId: recordId(b, i),
    document: { type: 'hk-macao-permit', number: `M${String(b * FRESH + i).padStart(8, '0')}` },
    colour: 'green',
    testedAt: recordedAt - 3_600_000,
    recordedAt,
  }));
  const bound = holders.map((h, i) => ({ recordId: `crash-${b}-holder-${i}`, document: h.document, colour: 'yellow', testedAt: null, recordedAt }));
  return [...fresh, ...bound];
}

/** A holder's document key, as the store holds it: the person whose one active binding is on the holder's card. */
function holderKey(h: Holder, dump: Record<string, unknown[]>): string {
  const card = (dump.card as Array<{ id: number; number: string }>).find((c) => c.number === h.cardNumber)!;
  const binding = (dump.binding as Array<{ card_id: number; person_id: number; ended_at: number | null }>).find((b) => Number(b.card_id) === Number(card.id) && b.ended_at === null)!;
  return (dump.person as Array<{ id: number; doc_key: string }>).find((p) => Number(p.id) === Number(binding.person_id))!.doc_key;
}
