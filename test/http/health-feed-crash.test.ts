// DESIGN §4 rule 3 for the health feed, on SQLite: four senders post signed batches at once (fresh people
// and every bound holder in each), the server is killed with SIGKILL and started again on the same data
// directory. Every batch answered 200 must be there whole after the restart: each of its records, and the
// change-log entry of each bound card whose record it stored (in the same commit), so that readers learn of it.
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

  test('keeps every record of every answered batch, and the change-log entries of its bound cards', { timeout: 180_000 }, async () => {
    node = await ready(await startServerProcess({ dataDir, env: crashEnv }));
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
    await waitFor(() => answered.length >= 12, 60_000);
    await node.kill('SIGKILL');
    const beforeCrash = answered.length;
    node = await ready(await startServerProcess({ dataDir, env: crashEnv, port: portOf(node) }));
    await waitFor(() => answered.length >= beforeCrash + 8, 60_000);
    running = false;
    await Promise.all(senders);
    await node.kill('SIGTERM');

    const store = await connectStore({ databaseUrl: undefined, dataDir });
    try {
      const dump = await store.dump();
      const held = new Set((dump.health_record as Array<{ record_id: string }>).map((r) => r.record_id));
      const missing = answered.flatMap((a) => a.fresh.filter((id) => !held.has(id)));
      assert.deepEqual(missing.slice(0, 5), [], `${missing.length} records of answered batches are gone`);
      // Every holder's record is at least as new as the newest answered batch's, and the transaction that
      // stored it put the holder's card in the change log (the change carries the instant the record was received).
      const newest = Math.max(...answered.map((a) => a.recordedAt));
      const healthChanges = (dump.change_log as Array<{ kind: string; card_id: number | null; at: number }>).filter((c) => c.kind === 'health');
      for (const h of holders) {
        const { docKey, cardId } = holderOf(h, dump);
        const record = (dump.health_record as Array<{ doc_key: string; recorded_at: number; received_at: number }>).find((r) => r.doc_key === docKey);
        assert.ok(record && Number(record.recorded_at) >= newest, `${h.document.number}: ${JSON.stringify(record)} older than ${newest}`);
        assert.ok(
          healthChanges.some((c) => Number(c.card_id) === cardId && Number(c.at) === Number(record.received_at)),
          `no change of card ${cardId} committed with its holder's record`,
        );
      }
      const acknowledged = answered.reduce((sum, a) => sum + a.holdersStored, 0);
      assert.ok(acknowledged > 0, 'some answered batch stored a holder record');
      console.log(`health feed crash: ${answered.length} batches answered (${beforeCrash} before the kill) of ${sent} sent, ${answered.length * FRESH + acknowledged} records kept, ${healthChanges.length} health changes`);
    } finally {
      await store.close();
    }
  });
});

/** Waits until the server answers /healthz: on a loaded machine a start can outlast startServerProcess's own wait. */
async function ready(server: ServerProcess): Promise<ServerProcess> {
  await waitFor(async () => (await fetch(`${server.base}/healthz`).catch(() => undefined))?.ok === true, 60_000);
  return server;
}

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

/** A holder's document key and card, as the store holds them: the person whose one active binding is on the holder's card. */
function holderOf(h: Holder, dump: Record<string, unknown[]>): { docKey: string; cardId: number } {
  const card = (dump.card as Array<{ id: number; number: string }>).find((c) => c.number === h.cardNumber)!;
  const binding = (dump.binding as Array<{ card_id: number; person_id: number; ended_at: number | null }>).find((b) => Number(b.card_id) === Number(card.id) && b.ended_at === null)!;
  const docKey = (dump.person as Array<{ id: number; doc_key: string }>).find((p) => Number(p.id) === Number(binding.person_id))!.doc_key;
  return { docKey, cardId: Number(card.id) };
}
