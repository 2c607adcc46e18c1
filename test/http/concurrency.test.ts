// DESIGN §4 rule 1 under concurrency: a card has at most one active binding, a person at most one active
// physical and one active NFC binding — held by the database itself, not only by the code's checks. On
// both stores; on PostgreSQL the requests are spread over two server processes sharing one database.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { requestCode, verifyCode } from '../../src/services/holder/sign-in.ts';
import { UniqueViolation } from '../../src/store/store.ts';
import { assertCoded, demoCard } from '../support/fixtures.ts';
import { testStores } from '../support/postgres.ts';
import { startServerProcess, type ServerProcess } from '../support/process.ts';
import { call, codeFor, startSystem, type TestSystem } from '../support/system.ts';
import { scriptArgs } from '../support/cli.ts';

const run = promisify(execFile);

/** Signs a passport holder in through the services (the HTTP route limits one address to 30 code requests). */
async function signInPassport(sys: TestSystem, number: string): Promise<string> {
  const sent = await requestCode(sys.ctx, 'kit', { type: 'passport', number, state: 'GBR', email: 'holder@example.com' });
  return (await verifyCode(sys.ctx, 'kit', sent.challengeId, await codeFor(sys, sent.challengeId))).token;
}

const personOf = async (sys: TestSystem, token: string) => (await sys.ctx.store.sessions.get(token.split('.')[0]!))!.personId;

async function activeBindingsOfCard(sys: TestSystem, number: string) {
  const card = (await sys.ctx.store.cards.findByNumber(number))!;
  const dump = await sys.ctx.store.dump();
  return (dump.binding as Array<{ card_id: number; ended_at: number | null; person_id: number }>).filter((b) => b.card_id === card.id && b.ended_at === null);
}

for (const { name: store, skip } of testStores()) {
  describe(`on ${store}`, { skip }, () => {
    describe(store === 'sqlite' ? 'simultaneous upgrades over HTTP' : 'simultaneous upgrades over HTTP to two server processes', () => {
      let sys: TestSystem;
      let second: ServerProcess | undefined;
      const tokens: string[] = [];
      /** Who won the race for one card below: that person holds a physical card from then on. */
      let winner = -1;
      /** The n-th signed-in holder who holds no card (the race's winner skipped). */
      const cardless = (n: number) => tokens.filter((_, i) => i !== winner)[n]!;
      /** Every other request goes to the second server process where there is one. */
      const base = (i: number) => (second && i % 2 === 1 ? second.base : sys.base);

      before(async () => {
        sys = await startSystem({ store });
        // Signed in before the second process starts: a code queued under load could otherwise be sent by its
        // outbox worker, to a demo outbox in another process, where this test cannot read it.
        for (let i = 1; i <= 50; i++) tokens.push(await signInPassport(sys, `P${String(i).padStart(7, '0')}`));
        if (sys.databaseUrl) second = await startServerProcess({ dataDir: sys.dataDir, env: { DATABASE_URL: sys.databaseUrl } });
      });
      after(async () => {
        await second?.kill();
        await sys.stop();
      });

      test('50 people upgrading one card at once leave exactly one active binding, and 49 hear CARD_ALREADY_BOUND', async () => {
        const card = demoCard(3);
        const replies = await Promise.all(
          tokens.map((token, i) => call(base(i), 'POST', '/api/v1/kit/cards', { cardNumber: card, medium: 'physical', agreementVersion: 1 }, token)),
        );
        const won = replies.filter((r) => r.status === 201);
        assert.equal(won.length, 1);
        winner = replies.indexOf(won[0]!);
        const lost = replies.filter((r) => r.status !== 201);
        assert.equal(lost.length, 49);
        for (const reply of lost) assertCoded(reply, 'CARD_ALREADY_BOUND');
        const active = await activeBindingsOfCard(sys, card);
        assert.equal(active.length, 1);
        assert.equal(active[0]!.person_id, await personOf(sys, tokens[winner]!));
        const created = (await sys.ctx.store.changes.after(0, 1000)).filter((c) => c.kind === 'binding.created');
        assert.equal(created.length, 1, 'one binding, one change');
      });

      test("one person's two simultaneous physical-card upgrades leave exactly one; the other hears LIMIT_PHYSICAL_REACHED", async () => {
        // Not the race's winner, who holds a physical card already (one run in fifty it was tokens[10]).
        const token = cardless(10);
        const replies = await Promise.all(
          [demoCard(7), demoCard(9)].map((cardNumber, i) => call(base(i), 'POST', '/api/v1/kit/cards', { cardNumber, medium: 'physical', agreementVersion: 1 }, token)),
        );
        assert.deepEqual(replies.map((r) => r.status).sort(), [201, 409]);
        assertCoded(replies.find((r) => r.status === 409)!, 'LIMIT_PHYSICAL_REACHED');
        const mine = await sys.ctx.store.bindings.of(await personOf(sys, token), { activeOnly: true });
        assert.equal(mine.filter((b) => b.medium === 'physical').length, 1);
      });

      test("one person's simultaneous NFC upgrades of three cards leave exactly one", async () => {
        const token = cardless(11);
        const replies = await Promise.all(
          [31, 32, 33].map((s, i) => call(base(i), 'POST', '/api/v1/kit/cards', { cardNumber: demoCard(s), medium: 'nfc', agreementVersion: 1 }, token)),
        );
        assert.equal(replies.filter((r) => r.status === 201).length, 1);
        for (const reply of replies.filter((r) => r.status !== 201)) assertCoded(reply, 'LIMIT_NFC_REACHED');
      });
    });

    describe('the database itself refuses a second active binding', () => {
      let sys: TestSystem;
      let people: number[];

      before(async () => {
        sys = await startSystem({ store });
        people = [];
        for (const key of ['a', 'b']) {
          const person = await sys.ctx.store.people.ensure({ docType: 'passport', docKey: `test:${key}`, docSealed: 'x', docMasked: 'x', at: 1 });
          people.push(person.id);
        }
      });
      after(() => sys.stop());

      const binding = async (personId: number, serial: number) => {
        const card = (await sys.ctx.store.cards.findByNumber(demoCard(serial)))!;
        return { cardId: card.id, personId, medium: card.medium, channel: 'kit' as const, agreementVersion: 1, createdAt: 1 };
      };

      test('a second active binding of one card, written straight through the store, throws UniqueViolation', async () => {
        await sys.ctx.store.bindings.insert(await binding(people[0]!, 1));
        await assert.rejects(sys.ctx.store.bindings.insert(await binding(people[1]!, 1)), UniqueViolation);
      });

      test('a second active physical binding of one person, written straight through the store, throws UniqueViolation', async () => {
        await assert.rejects(sys.ctx.store.bindings.insert(await binding(people[0]!, 2)), UniqueViolation);
      });

      test('a second active NFC binding of one person is refused the same way, while one of each medium is allowed', async () => {
        await sys.ctx.store.bindings.insert(await binding(people[0]!, 31));
        await assert.rejects(sys.ctx.store.bindings.insert(await binding(people[0]!, 32)), UniqueViolation);
      });

      test('once the binding has ended, the card can be bound again', async () => {
        const active = (await sys.ctx.store.bindings.of(people[0]!, { activeOnly: true })).find((b) => b.medium === 'physical')!;
        assert.equal(await sys.ctx.store.bindings.end(active.id, 2, 'test'), true);
        await sys.ctx.store.bindings.insert(await binding(people[1]!, 1));
      });
    });

    describe(store === 'sqlite' ? 'two OS processes writing one SQLite file' : 'two OS processes writing one PostgreSQL database', () => {
      let sys: TestSystem;
      const ROUNDS = 25;
      const cards: string[] = [];
      const people: number[][] = [[], []];

      before(async () => {
        sys = await startSystem({ store });
        for (let i = 1; i <= ROUNDS; i++) {
          const number = `20000000${String(i).padStart(8, '0')}`;
          await sys.ctx.store.cards.insert({ number, medium: 'physical', product: 'ordinary', state: 'active', depositFen: 2000, balanceFen: 0, updatedAt: 1 });
          cards.push(number);
          for (const side of [0, 1]) {
            const person = await sys.ctx.store.people.ensure({ docType: 'passport', docKey: `proc:${side}:${i}`, docSealed: 'x', docMasked: 'x', at: 1 });
            people[side]!.push(person.id);
          }
        }
      });
      after(() => sys.stop());

      test('race to upgrade the same cards, and each card ends with exactly one active binding', async () => {
        const startAt = Date.now() + 1500;
        const worker = (side: number) =>
          run(process.execPath, [
            ...scriptArgs('test/support/upgrade-worker.ts'),
            sys.dataDir,
            String(startAt),
            JSON.stringify(cards.map((cardNumber, i) => ({ personId: people[side]![i], cardNumber }))),
          ], { env: { ...process.env, DATABASE_URL: sys.databaseUrl ?? '' } });
        const results = await Promise.all([worker(0), worker(1)]);
        const outcomes = results.map((r) => JSON.parse(r.stdout) as string[]);
        for (let i = 0; i < ROUNDS; i++) {
          const pair = [outcomes[0]![i], outcomes[1]![i]].sort();
          assert.deepEqual(pair, ['CARD_ALREADY_BOUND', 'ok'], `card ${cards[i]}: ${pair.join(' / ')}`);
          assert.equal((await activeBindingsOfCard(sys, cards[i]!)).length, 1);
        }
      });
    });
  });
}
