// The OpenAPI document as the real server serves it: every operation says what a success looks like, so
// that clients (and the pages, which take their types from the same schemas) know what they get.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TEST_METRICS_TOKEN, startSystem, type TestSystem } from '../support/system.ts';

type Schema = { $ref?: string; type?: string; properties?: object; items?: object; anyOf?: Schema[]; oneOf?: Schema[] };
type Operation = { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };

let sys: TestSystem;
let doc: { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

before(async () => {
  sys = await startSystem();
  doc = await (await fetch(`${sys.base}/api/v1/openapi.json`)).json();
});
after(() => sys.stop());

const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));

function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  return resolve(doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
}

/** A JSON answer is described when it is an object with named properties, an array of items, or a choice of those. */
function described(schema: Schema | undefined): boolean {
  const s = resolve(schema);
  if (!s) return false;
  const choices = s.anyOf ?? s.oneOf;
  if (choices) return choices.length > 0 && choices.every((c) => described(c) || resolve(c)?.type === 'null');
  return (s.type === 'object' && s.properties !== undefined) || (s.type === 'array' && s.items !== undefined);
}

/** What is missing from one operation's success answers, or null. */
function problem(op: Operation): string | null {
  const successes = Object.entries(op.responses ?? {}).filter(([status]) => /^[23]/.test(status));
  if (successes.length === 0) return 'no 2xx/3xx answer';
  for (const [status, answer] of successes) {
    // 204 and 304 carry no body by definition, so they have no media type to declare.
    if (status === '204' || status === '304') continue;
    const media = Object.entries(answer.content ?? {});
    if (media.length === 0) return `${status} names no media type`;
    for (const [type, { schema }] of media) {
      if (!schema) return `${status} ${type} has no schema`;
      if (type.includes('json') && !described(schema)) return `${status} ${type} is an open "anything"`;
    }
  }
  return null;
}

test('the document lists the operations of every role', () => {
  const names = operations().map((o) => o.name);
  for (const expected of ['POST /api/v1/kit/cards', 'GET /api/v1/admin/dashboard', 'POST /api/v1/outlet/refunds', 'POST /api/v1/outlet/contact', 'GET /metrics', 'GET /livez', 'GET /readyz', 'GET /healthz']) {
    assert.ok(names.includes(expected), `${expected} missing`);
  }
});

test('every operation declares its success answer: a media type, and for JSON a schema with properties or items', () => {
  const missing = operations().flatMap(({ name, op }) => {
    const why = problem(op);
    return why ? [`${name}: ${why}`] : [];
  });
  assert.deepEqual(missing, []);
});

test('the metrics answer is declared as Prometheus text and sent unchanged', async () => {
  const metrics = doc.paths['/metrics']?.get?.responses?.['200']?.content ?? {};
  assert.ok(Object.keys(metrics).some((t) => t.startsWith('text/plain')));
  const response = await fetch(`${sys.base}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  assert.match(await response.text(), /^# HELP /m);
});
