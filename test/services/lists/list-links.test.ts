// Signed list file links: one URL per file and window, valid one to two windows, refused once touched.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { YktError } from '../../../src/domain/errors.ts';
import { checkListLink, LIST_LINK_WINDOW_S, linkExpiry, signListPath } from '../../../src/services/lists/list-links.ts';
import type { Secrets } from '../../../src/services/secrets.ts';

const WINDOW_MS = LIST_LINK_WINDOW_S * 1000;
const PATH = '/api/v1/terminal/lists/delta/41/42';
const secrets = { sessionKey: randomBytes(32) } as Secrets;
const at = (ms: number) => ({ secrets, clock: () => ms });
const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams) as { expires: string; sig: string };
const refusal = (code: string) => (error: unknown) => error instanceof YktError && error.code === code;

test('every link made within one window is the same, and lasts until the end of the next window', () => {
  const start = 5_515_000 * WINDOW_MS;
  const first = signListPath(at(start), PATH);
  assert.equal(signListPath(at(start + WINDOW_MS - 1), PATH), first);
  assert.notEqual(signListPath(at(start + WINDOW_MS), PATH), first);
  assert.equal(Number(query(first).expires), (start + 2 * WINDOW_MS) / 1000);
  for (const made of [start, start + WINDOW_MS - 1]) {
    const left = linkExpiry(made) - made / 1000;
    assert.ok(left > LIST_LINK_WINDOW_S && left <= 2 * LIST_LINK_WINDOW_S, `${left} s left`);
  }
});

test('a link is good for its own path until its expiry, and tells how long it has left', () => {
  const now = 5_515_000 * WINDOW_MS + 1_000;
  const { expires, sig } = query(signListPath(at(now), PATH));
  assert.equal(checkListLink(at(now), PATH, expires, sig), Number(expires) - now / 1000);
  assert.equal(checkListLink(at(Number(expires) * 1000 - 1_000), PATH, expires, sig), 1);
  assert.throws(() => checkListLink(at(Number(expires) * 1000), PATH, expires, sig), refusal('LIST_LINK_EXPIRED'));
});

test('a link to another path, with another expiry, altered, re-spelled or under another key is refused', () => {
  const now = 5_515_000 * WINDOW_MS;
  const { expires, sig } = query(signListPath(at(now), PATH));
  const refused = (path: string, e: string | undefined, s: string | undefined, ctx = at(now)) =>
    assert.throws(() => checkListLink(ctx, path, e, s), refusal('LIST_LINK_INVALID'), `${path}?expires=${e}&sig=${s}`);
  refused('/api/v1/terminal/lists/delta/42/43', expires, sig);
  refused(PATH, String(Number(expires) + LIST_LINK_WINDOW_S), sig);
  refused(PATH, `0${expires}`, sig);
  refused(PATH, expires, `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`);
  refused(PATH, expires, `${sig}=`);
  refused(PATH, expires, undefined);
  refused(PATH, undefined, sig);
  refused(PATH, expires, sig, { secrets: { sessionKey: randomBytes(32) } as Secrets, clock: () => now });
});
