// The API fuzzed as an attacker would (DESIGN §4 rule 8): random and broken requests for every operation of
// the OpenAPI document, with every role's credentials, none and forged ones, against the real server on
// each store. A short run here; `npm run fuzz` makes a long one (FUZZ_RUNS, default 100,000; FUZZ_SEED
// repeats a run). The short run's size keeps `npm test` within its time: every operation still gets about
// twenty requests on SQLite and six on PostgreSQL, and each run draws a new seed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fuzz, type FuzzReport } from '../support/fuzz/run.ts';
import { testStores } from '../support/postgres.ts';
import { startSystem } from '../support/system.ts';

const RUNS = { sqlite: Number(process.env.FUZZ_RUNS ?? 2000), postgres: Number(process.env.FUZZ_RUNS ?? 600) };
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
// A run is cut into segments, each against a fresh server, so that the server's timed work (housekeeping
// every hour, the reminder scan every 10 minutes) never runs inside one, where its writes would be taken
// for a refused request's. A failure names its segment's seed: FUZZ_SEED=<it> FUZZ_RUNS=5000 repeats it.
const SEGMENT = 5_000;

for (const { name: store, skip } of testStores()) {
  describe(`on ${store}`, { skip }, () => {
    test(`${RUNS[store]} random requests: no 5xx, every refusal coded in zh and en and changing nothing, every success as declared`, { timeout: RUNS[store] * 1000 }, async () => {
      const started = Date.now();
      const total: FuzzReport = { seed: SEED, statuses: new Map(), succeeded: new Set(), operations: 0, failures: [] };
      for (let sent = 0; sent < RUNS[store] && total.failures.length === 0; sent += SEGMENT) {
        const sys = await startSystem({ store });
        try {
          const report = await fuzz(sys, Math.min(SEGMENT, RUNS[store] - sent), SEED + sent);
          for (const [status, n] of report.statuses) total.statuses.set(status, (total.statuses.get(status) ?? 0) + n);
          for (const operation of report.succeeded) total.succeeded.add(operation);
          total.operations = report.operations;
          total.failures.push(...report.failures.map((failure) => `segment seed ${report.seed}: ${failure}`));
          const ready = await fetch(`${sys.base}/readyz`);
          assert.equal(ready.status, 200, await ready.text());
        } finally {
          await sys.stop();
        }
        const counts = [...total.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
        const seconds = Math.round((Date.now() - started) / 1000);
        console.log(`fuzz on ${store}, seed ${SEED}, ${Math.min(sent + SEGMENT, RUNS[store])} requests in ${seconds} s, successes on ${total.succeeded.size} of ${total.operations} operations — ${counts.join(', ')}`);
      }
      assert.deepEqual(total.failures, []);
    });
  });
}
