// docs/reader-list-format.md §8 shows real bytes: this checks every dump line against the builder, and the
// decisions the text states, so that the document a vendor writes a reader from cannot drift from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Decision } from '../../src/domain/decisions.ts';
import { ReaderList } from '../../src/readers/sdk/index.ts';
import { EXAMPLE_CARDS, EXAMPLE_HASH_KEY, EXAMPLE_ROOT, EXAMPLE_SIGNING_KEY, exampleDelta, exampleHeartbeat, exampleSnapshot, hexDump } from './worked-example.ts';

const doc = fs.readFileSync('docs/reader-list-format.md', 'utf8');
const example = doc.slice(doc.indexOf('## 8. Worked example'), doc.indexOf('## 9.'));

test('every byte the worked example shows is what the builder makes', () => {
  const snapshot = exampleSnapshot();
  const delta = exampleDelta();
  assert.equal(snapshot.length, 262472);
  assert.equal(delta.length, 328);
  const lines = [...hexDump(snapshot, 0, 240), ...hexDump(snapshot, 240 + 262148, snapshot.length), ...hexDump(delta)];
  for (const line of lines) assert.ok(example.includes(line), `the document shows ${line}`);
  assert.ok(example.includes(Buffer.from(EXAMPLE_ROOT.publicKeyRaw).toString('hex')));
  assert.ok(example.includes(Buffer.from(EXAMPLE_SIGNING_KEY.publicKeyRaw).toString('hex')));
});

test('a reader decides the worked example as the document says', async () => {
  const list = new ReaderList({ rootKeys: new Map([[1, EXAMPLE_ROOT.publicKeyRaw]]), hashKeys: new Map([[1, EXAMPLE_HASH_KEY]]) });
  assert.deepEqual(await list.loadSnapshot(exampleSnapshot()), { ok: true, version: 1001 });
  const at = (iso: string) => Date.parse(iso);
  assert.equal(list.decide(EXAMPLE_CARDS.green, at('2022-06-06T08:00:00+08:00')), Decision.PASS);
  assert.equal(list.decide(EXAMPLE_CARDS.red, at('2022-06-06T08:00:00+08:00')), Decision.ABNORMAL);
  assert.equal(list.decide('6214830000000000033', at('2022-06-06T08:00:00+08:00')), Decision.NOT_UPGRADED);
  // 12 hours on without a heartbeat the list is stale; a heartbeat keeps it current, and policy 4 starts on the reader's clock.
  assert.equal(list.decide(EXAMPLE_CARDS.green, at('2022-06-06T20:00:01+08:00')), Decision.LIST_STALE);
  assert.equal((await list.applyDelta(exampleHeartbeat(at('2022-06-07T08:00:00+08:00')))).ok, true);
  assert.equal(list.policyVersion(at('2022-06-06T23:59:59+08:00')), 3);
  assert.equal(list.policyVersion(at('2022-06-07T00:00:00+08:00')), 4);
  assert.equal(list.decide(EXAMPLE_CARDS.green, at('2022-06-07T09:59:59+08:00')), Decision.PASS);
  assert.equal(list.decide(EXAMPLE_CARDS.green, at('2022-06-07T10:00:00+08:00')), Decision.TEST_EXPIRED);
  assert.deepEqual(await list.applyDelta(exampleDelta()), { ok: true, version: 1002 });
  assert.equal(list.decide(EXAMPLE_CARDS.red, at('2022-06-06T08:01:00+08:00')), Decision.CARD_LOST);
  assert.equal(list.decide(EXAMPLE_CARDS.green, at('2022-06-06T08:01:00+08:00')), Decision.NOT_UPGRADED);
});
