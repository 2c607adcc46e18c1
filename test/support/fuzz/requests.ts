// Random requests for one operation of the OpenAPI document: path and query values valid or broken, a body
// valid, broken or not JSON at all, sent with the role the route serves or any other (or none, or a forged
// token), and for the two signed webhooks a right, wrong or missing signature.
import fc from 'fast-check';
import { ROLES, type Role } from './credentials.ts';
import type { Operation } from './operations.ts';
import { brokenValue, junk, validValue, type Vocabulary } from './schema-values.ts';

export interface FuzzRequest {
  op: Operation;
  role: Role;
  /** Path with its parameters filled in, and the query. */
  url: string;
  body?: { contentType: string; text: string };
  /** For the health feed and the inbound mail: the signature or secret is right, wrong or missing. */
  proof: 'right' | 'wrong' | 'none';
}

// The role each part of the API serves, by path prefix; the rest is anonymous.
const OWN_ROLE: Array<[RegExp, Role]> = [
  [/^\/api\/v1\/kit\//, 'kit'],
  [/^\/api\/v1\/app\//, 'app'],
  [/^\/api\/v1\/admin\//, 'operator'],
  [/^\/api\/v1\/service\//, 'agent'],
  [/^\/api\/v1\/staff(-session)?\//, 'staff'],
  [/^\/api\/v1\/outlet\//, 'outlet'],
  [/^\/api\/v1\/terminal\//, 'terminal'],
  [/^\/metrics$/, 'metrics'],
];

const ownRole = (path: string): Role => OWN_ROLE.find(([prefix]) => prefix.test(path))?.[1] ?? 'none';

/** A value for a schema: mostly one it accepts. */
const valueFor = (schema: Parameters<typeof validValue>[0], vocabulary: Vocabulary, name: string) =>
  fc.oneof({ arbitrary: validValue(schema, vocabulary, name), weight: 4 }, { arbitrary: brokenValue(schema, vocabulary), weight: 1 });

/** A parameter's value as a URL carries it: strings as they are, anything else as its JSON. */
const asText = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

const NOT_JSON = fc.record({
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'),
  text: fc.oneof(fc.constantFrom('', '{', 'null', '[]', '"x"', '{"a":'.repeat(64), 'a=1&b=2', '{"__proto__":{"polluted":1}}'), fc.string({ unit: 'binary', maxLength: 200 })),
});

function bodyFor(op: Operation, vocabulary: Vocabulary): fc.Arbitrary<FuzzRequest['body']> {
  const json = (value: fc.Arbitrary<unknown>) => value.map((v) => ({ contentType: 'application/json', text: JSON.stringify(v) ?? 'null' }));
  if (op.body) {
    return fc.oneof(
      { arbitrary: json(validValue(op.body, vocabulary)), weight: 4 },
      { arbitrary: json(brokenValue(op.body, vocabulary)), weight: 3 },
      { arbitrary: NOT_JSON, weight: 1 },
    );
  }
  if (op.method === 'GET') return fc.constant(undefined);
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: json(junk), weight: 1 });
}

/**
 * Requests for one operation.
 * @example fc.sample(requestsFor(op, vocabulary), 1)[0] // { op, role: 'kit', url: '/api/v1/kit/cards/3', proof: 'right' }
 */
export function requestsFor(op: Operation, vocabulary: Vocabulary): fc.Arbitrary<FuzzRequest> {
  const params = (where: 'path' | 'query') => op.parameters.filter((p) => p.in === where);
  const path = fc.tuple(...params('path').map((p) => valueFor(p.schema, vocabulary, p.name))).map((values) =>
    params('path').reduce((url, p, i) => url.replace(`{${p.name}}`, encodeURIComponent(asText(values[i]))), op.path),
  );
  const query = fc
    .tuple(...params('query').map((p) => fc.option(valueFor(p.schema, vocabulary, p.name), { freq: 3 })))
    .map((values) => {
      const search = new URLSearchParams();
      params('query').forEach((p, i) => values[i] !== null && search.set(p.name, asText(values[i])));
      return search.size === 0 ? '' : `?${search}`;
    });
  const own = ownRole(op.path);
  return fc.record({
    op: fc.constant(op),
    role: fc.oneof({ arbitrary: fc.constant(own), weight: 3 }, { arbitrary: fc.constantFrom(...ROLES), weight: 2 }),
    url: fc.tuple(path, query).map(([p, q]) => p + q),
    body: bodyFor(op, vocabulary),
    proof: fc.constantFrom('right', 'right', 'right', 'wrong', 'none'),
  });
}
