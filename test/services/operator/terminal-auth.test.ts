// A reader's credentials, checked for a thousand push streams of one terminal at once, over a real SQLite store.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { YktError } from '../../../src/domain/errors.ts';
import type { Context } from '../../../src/services/context.ts';
import { enrol, issueEnrolment, TerminalAuth } from '../../../src/services/operator/terminals.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { tempDataDir } from '../../support/system.ts';

const opened: Store[] = [];
after(() => Promise.all(opened.map((store) => store.close())));

test('a thousand checks of one terminal at once read it once, and a wrong secret among them is still refused', async () => {
  const store = await openSqliteStore(path.join(tempDataDir(), 'ykt.sqlite'));
  opened.push(store);
  await store.migrate();
  const ctx = { store, clock: () => Date.now() } as Context;
  const { token } = await issueEnrolment(ctx, { kind: 'metro-gate', line: 'L1', station: 'Wangfujing' }, 'test');
  const { terminal, credentials } = await enrol(ctx, token, null);
  let reads = 0;
  const get = store.terminals.get.bind(store.terminals);
  store.terminals.get = (id) => (reads++, get(id));

  const auth = new TerminalAuth(ctx);
  const checks = Array.from({ length: 1000 }, (_, i) => auth.authenticate(i === 500 ? `${terminal.id}.wrong-secret` : credentials));
  const outcomes = await Promise.allSettled(checks);
  assert.equal(reads, 1);
  assert.equal(outcomes.filter((o) => o.status === 'fulfilled' && o.value.id === terminal.id).length, 999);
  const refused = outcomes[500]!;
  assert.ok(refused.status === 'rejected' && refused.reason instanceof YktError && refused.reason.code === 'TERMINAL_AUTH_INVALID');
});
