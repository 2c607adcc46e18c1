// DESIGN §4 rule 3 with group commit (store.grouped): many holders upgrade at the same instant, so their
// upgrades share transactions, and the server is killed with SIGKILL as soon as the first answers arrive,
// with the rest of the burst still in flight. After a restart every upgrade answered 201 is there, and
// every binding there is whole (its change-log row and agreement acceptance with it), on each store.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { connectStore } from '../../src/store/open-store.ts';
import { signInAnywhere } from '../deploy/cluster-client.ts';
import { waitFor } from '../support/fixtures.ts';
import { freshDatabase, testStores } from '../support/postgres.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';
import { call, tempDataDir } from '../support/system.ts';

const HOLDERS = 60;
// Kill once this many upgrades are answered: enough to be sure several groups committed, while most of the
// burst is still waiting for its group.
const KILL_AFTER = 8;
const cardOf = (i: number) => `62149900${String(i).padStart(8, '0')}`;

for (const { name, skip } of testStores()) {
  describe(`on ${name}, holders upgrading all at once and the server killed with SIGKILL mid-burst`, { skip }, () => {
    const dataDir = tempDataDir();
    let node: ServerProcess | undefined;
    after(async () => {
      await node?.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    test('keeps every upgrade it answered 201 for, and half-does none of the others', { timeout: 120_000 }, async () => {
      const where = { dataDir, databaseUrl: name === 'postgres' ? await freshDatabase() : undefined };
      const env: Record<string, string> = where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {};
      node = await startServerProcess({ dataDir, env });
      const store = await connectStore(where);
      try {
        for (let i = 0; i < HOLDERS; i++) {
          await store.cards.insert({ number: cardOf(i), medium: 'physical', product: 'ordinary', state: 'active', depositFen: 2000, balanceFen: 0, updatedAt: Date.now() });
        }
      } finally {
        await store.close();
      }
      const tokens: string[] = [];
      for (let i = 0; i < HOLDERS; i++) tokens.push(await signInAnywhere(node.base, [node.base], { type: 'passport', number: `G${String(i).padStart(8, '0')}`, state: 'FRA' }));

      const answered = new Map<string, number>(); // card number → binding id answered 201
      const refused: string[] = [];
      let killing: Promise<void> | undefined;
      // Requests cut off by the kill reject (no answer); an answer other than 201 would be a fault.
      await Promise.allSettled(
        tokens.map(async (token, i) => {
          const made = await call(node!.base, 'POST', '/api/v1/kit/cards', { cardNumber: cardOf(i), medium: 'physical', agreementVersion: 1 }, token);
          if (made.status !== 201) return void refused.push(JSON.stringify(made.body));
          answered.set(cardOf(i), made.body.card.id);
          if (answered.size === KILL_AFTER) killing = node!.kill('SIGKILL');
        }),
      );
      await killing;
      assert.deepEqual(refused, []);
      assert.ok(answered.size >= KILL_AFTER, `${answered.size} upgrades answered before the kill`);

      node = await startServerProcess({ dataDir, env, port: Number(new URL(node.base).port) });
      // On a busy machine a start can outlast startServerProcess's own wait.
      await waitFor(async () => (await fetch(`${node!.base}/healthz`).catch(() => undefined))?.ok === true, 60_000);
      const after = await connectStore(where);
      try {
        const created = new Set((await after.changes.after(0, 100_000)).filter((c) => c.kind === 'binding.created').map((c) => c.cardId));
        let stored = 0;
        for (let i = 0; i < HOLDERS; i++) {
          const card = (await after.cards.findByNumber(cardOf(i)))!;
          const binding = await after.bindings.activeOfCard(card.id);
          const acknowledged = answered.get(cardOf(i));
          if (acknowledged !== undefined) assert.equal(binding?.id, acknowledged, `the upgrade of ${cardOf(i)} answered 201 is kept`);
          if (!binding) continue;
          stored++;
          assert.ok(created.has(card.id), `the binding of ${cardOf(i)} has its change-log row`);
          assert.ok((await after.agreements.acceptancesOf(binding.personId)).some((a) => a.version === 1), 'and its agreement acceptance');
        }
        console.log(`grouped upgrades, ${name}: ${answered.size} answered 201 before SIGKILL, ${stored} stored of ${HOLDERS} sent`);
      } finally {
        await after.close();
      }
      // The restarted server agrees: each acknowledged holder sees the card.
      const [firstCard, firstBinding] = [...answered][0]!;
      const holder = tokens[Number(firstCard.slice(-8))]!;
      const listed = await call(node.base, 'GET', '/api/v1/kit/cards', undefined, holder);
      assert.deepEqual(listed.body.cards.map((c: { id: number }) => c.id), [firstBinding]);
    });
  });
}
