// The pages as HTTP serves them: bundled at start, HTML revalidated by ETag, hashed assets cached for a
// year, gzip when asked, a strict Content-Security-Policy, and the weight of each page reported.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { PAGES } from '../../src/web/bundle/shell.ts';
import { describePageWeights, pageWeights } from '../../src/web/bundle/weights.ts';
import { startSystem, type TestSystem } from '../support/system.ts';

let sys: TestSystem;
before(async () => {
  sys = await startSystem({ seed: false });
});
after(() => sys.stop());

for (const [path, marker] of [['/', 'landing-'], ['/kit', 'holder-'], ['/app', 'holder-']] as const) {
  test(`serves ${path} with its script and stylesheet, revalidated by ETag`, async () => {
    const response = await fetch(sys.base + path);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await response.text();
    assert.match(html, new RegExp(`src="/assets/${marker}[A-Z0-9]+\\.js"`));
    if (path !== '/') assert.match(html, new RegExp(`data-channel="${path.slice(1)}"`));
    const etag = response.headers.get('etag')!;
    const again = await fetch(sys.base + path, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });
}

test('serves assets by content hash, cached for a year, gzipped when the client accepts it', async () => {
  const html = await (await fetch(`${sys.base}/kit`)).text();
  const script = /src="(\/assets\/[^"]+)"/.exec(html)![1]!;
  const raw = await fetch(sys.base + script, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(raw.status, 200);
  assert.match(raw.headers.get('cache-control') ?? '', /immutable/);
  assert.match(raw.headers.get('content-type') ?? '', /javascript/);
  const body = Buffer.from(await raw.arrayBuffer());
  // Node's fetch would unzip transparently; a raw request shows what goes over the wire.
  const { request } = await import('node:http');
  const zipped = await new Promise<Buffer>((resolve, reject) => {
    request(sys.base + script, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      assert.equal(res.headers['content-encoding'], 'gzip');
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    }).end();
  });
  assert.ok(zipped.length < body.length);
  assert.deepEqual(gunzipSync(zipped), body);
  assert.equal((await fetch(`${sys.base}/assets/nothing-ABC.js`)).status, 404);
});

test('keeps the pages out of the OpenAPI document', async () => {
  const spec = (await (await fetch(`${sys.base}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
  for (const path of ['/', '/kit', '/app', '/assets/{name}']) assert.ok(!(path in spec.paths), path);
});

test('reports the bytes each page ships, raw and gzipped, and stays light', async () => {
  const weights = await pageWeights();
  // Every page of the registry, and at least the holder's and the landing page.
  assert.deepEqual(weights.map((w) => w.page).sort(), PAGES.map((p) => p.path).sort());
  for (const page of ['/', '/app', '/kit']) assert.ok(weights.some((w) => w.page === page), page);
  for (const w of weights) {
    assert.equal(w.files.length, 3);
    assert.ok(w.gzip < w.raw);
    // A budget for a cheap phone on a slow network; raise it knowingly, not by accident. /ops is a desktop
    // control-room page and alone ships uPlot (about 23 kB gzipped), so it has a desktop budget.
    assert.ok(w.gzip < (w.page === '/ops' ? 60_000 : 40_000), `${w.page} ships ${w.gzip} gzipped bytes`);
  }
  const table = await describePageWeights();
  assert.match(table, /\| \/kit \| \d+ \| \d+ \|/);
});
