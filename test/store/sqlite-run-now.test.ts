// The SQLite store runs its busiest statements straight on the connection when it may
// (src/store/sqlite/sqlite-run-now.ts): inside the transaction that holds the connection, or when none does.
// A statement from outside an open transaction must still wait for it, and never see what it has not
// committed — on the one connection SQLite would otherwise read the transaction's own writes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from 'node:test';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDataDir } from '../support/system.ts';

const session = (id: string, personId: number) => ({ id, personId, channel: 'kit' as const, createdAt: 1, expiresAt: 2, revokedAt: null });

test('a statement from outside an open transaction waits for it, sees its writes once committed and never after a rollback', async () => {
  const dir = tempDataDir();
  const store = await openSqliteStore(path.join(dir, 'ykt.sqlite'));
  try {
    await store.migrate();
    const { id: personId } = await store.people.ensure({ docType: 'passport', docKey: 'k', docSealed: 's', docMasked: 'E1****78', at: 1 });

    for (const outcome of ['rollback', 'commit'] as const) {
      const id = `s-${outcome}`;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let seenInside: unknown;
      const transaction = store.transaction(async (tx) => {
        await tx.sessions.insert(session(id, personId));
        seenInside = await tx.sessions.get(id);
        await held;
        if (outcome === 'rollback') throw new Error('rolled back on purpose');
      });
      for (let i = 0; i < 5; i++) await nextTurn();
      let outside: unknown = 'not answered';
      const read = store.sessions.get(id).then((found) => (outside = found));
      for (let i = 0; i < 5; i++) await nextTurn();
      assert.equal(outside, 'not answered', `${outcome}: the outside read waits for the transaction`);
      assert.equal((seenInside as { id?: string } | undefined)?.id, id, `${outcome}: the transaction reads its own write`);
      release();
      await transaction.catch(() => undefined);
      await read;
      if (outcome === 'rollback') assert.equal(outside, undefined, 'nothing of a rolled-back transaction is seen');
      else assert.deepEqual(outside, session(id, personId));
    }
    // With no transaction open, the read runs at once and finds what was committed.
    assert.deepEqual(await store.sessions.get('s-commit'), session('s-commit', personId));
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
