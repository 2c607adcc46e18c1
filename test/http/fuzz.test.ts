// The API fuzzed as an attacker would (DESIGN §4 rule 8): random and broken requests for every operation of
// the OpenAPI document, with every role's credentials, none and forged ones, against the real server on
// each store. A short run here; `npm run fuzz` makes a long one (FUZZ_RUNS, default 100,000; FUZZ_SEED
// repeats a run).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fuzz, type FuzzReport } from '../support/fuzz/run.ts';
import { testStores } from '../support/postgres.ts';
import { startSystem, type TestSystem } from '../support/system.ts';

const RUNS = { sqlite: Number(process.env.FUZZ_RUNS ?? 3000), postgres: Number(process.env.FUZZ_RUNS ?? 1000) };
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

for (const { name: store, skip } of testStores()) {
  describe(`on ${store}`, { skip }, () => {
    let sys: TestSystem;
    before(async () => {
      sys = await startSystem({ store });
    });
    after(() => sys.stop());

    test(`${RUNS[store]} random requests: no 5xx, every refusal coded in zh and en and changing nothing, every success as declared`, { timeout: RUNS[store] * 1000 }, async () => {
      const started = Date.now();
      const summary = (report: FuzzReport, sent: number) => {
        const counts = [...report.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
        return `fuzz on ${store}, seed ${report.seed}, ${sent} requests in ${Math.round((Date.now() - started) / 1000)} s, successes on ${report.succeeded.size} of ${report.operations} operations — ${counts.join(', ')}`;
      };
      // A long run says how far it is every 10,000 requests.
      const report = await fuzz(sys, RUNS[store], SEED, (soFar, sent) => sent % 10_000 === 0 && sent < RUNS[store] && console.log(summary(soFar, sent)));
      console.log(summary(report, RUNS[store]));
      assert.deepEqual(report.failures, [], `seed ${report.seed}`);
      const ready = await fetch(`${sys.base}/readyz`);
      assert.equal(ready.status, 200, await ready.text());
    });
  });
}
