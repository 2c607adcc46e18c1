// fast-check arbitraries from the JSON schemas of the OpenAPI document: values a schema accepts, and values
// that break it in one place. Only the subset the document uses is mapped (types, properties and required,
// items and their counts, lengths, bounds, enum, anyOf, allOf of objects, nullable, $ref, minProperties,
// the date-time and email formats); anything else is a schema this mapper was not written for, and throws.
import fc from 'fast-check';

export interface Schema {
  $ref?: string;
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  format?: string;
  anyOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  minProperties?: number;
}

/** How a schema's references and property names are read: `$ref` lookups, and realistic values by name. */
export interface Vocabulary {
  resolve(ref: string): Schema;
  /** Values that mean something to the server for a property or parameter of this name (demo cards, documents). */
  hints(name: string): readonly unknown[];
}

// Generated collections stay small: the server's limits are probed by the breaking values, not by size.
const FEW = 4;
const SHORT = 24;

/** Any JSON value, a little nested: what a careless or hostile client may send in place of anything. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, '', ' ', '0', 'null', '\u0000', '😀', '<script>', '１２３'),
  fc.jsonValue({ maxDepth: 2 }),
);

/**
 * Values `schema` accepts, preferring the vocabulary's hints for a named property.
 * @example fc.sample(validValue({ type: 'integer', minimum: 1 }, vocabulary), 3) // [1, 7, 2147483647]
 */
export function validValue(schema: Schema, vocabulary: Vocabulary, name = ''): fc.Arbitrary<unknown> {
  const s = schema.$ref ? vocabulary.resolve(schema.$ref) : schema;
  const base = baseValue(s, vocabulary, name);
  return s.nullable ? fc.oneof({ arbitrary: base, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }) : base;
}

function baseValue(s: Schema, vocabulary: Vocabulary, name: string): fc.Arbitrary<unknown> {
  if (s.allOf) return validValue(mergeObjects(s.allOf.map((part) => (part.$ref ? vocabulary.resolve(part.$ref) : part))), vocabulary, name);
  if (s.anyOf) return fc.oneof(...s.anyOf.map((choice) => validValue(choice, vocabulary, name)));
  if (s.enum) return fc.constantFrom(...s.enum);
  const hinted = vocabulary.hints(name).filter((value) => fits(s, value));
  const plain = typedValue(s, vocabulary);
  return hinted.length === 0 ? plain : fc.oneof({ arbitrary: fc.constantFrom(...hinted), weight: 3 }, { arbitrary: plain, weight: 1 });
}

function typedValue(s: Schema, vocabulary: Vocabulary): fc.Arbitrary<unknown> {
  switch (s.type) {
    case 'string':
      return stringValue(s);
    case 'integer': {
      const min = s.minimum ?? -(2 ** 31);
      const max = s.maximum ?? 2 ** 31;
      // Ids and versions are small: most values sit near the minimum, where rows exist.
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 30) }), fc.integer({ min, max }));
    }
    case 'number':
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = s.minItems ?? 0;
      return fc.array(validValue(s.items ?? {}, vocabulary), { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? FEW, FEW)) });
    }
    case 'object':
      return objectValue(s, vocabulary);
    case undefined:
      return junk;
  }
}

function stringValue(s: Schema): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? SHORT, SHORT));
  const long = (value: string) => value.length >= minLength && value.length <= (s.maxLength ?? Infinity);
  if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === 'email') return fc.emailAddress().filter(long);
  if (s.format !== undefined && s.format !== 'binary') throw new Error(`no values mapped for format ${s.format}`);
  return plainStrings(minLength, maxLength);
}

// fast-check works out a string arbitrary's default slices when the arbitrary is made, which was most of
// the fuzzer's drawing time (every chunk makes every operation's values anew); these depend on nothing but
// the lengths, so each pair is made once. The draws for a seed stay the same.
const plain = new Map<string, fc.Arbitrary<string>>();
function plainStrings(minLength: number, maxLength: number): fc.Arbitrary<string> {
  const key = `${minLength}:${maxLength}`;
  if (!plain.has(key)) plain.set(key, fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'binary', minLength, maxLength })));
  return plain.get(key)!;
}

function objectValue(s: Schema, vocabulary: Vocabulary): fc.Arbitrary<Record<string, unknown>> {
  const properties = s.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, validValue(value, vocabulary, key)]));
  const record = fc.record(model, { requiredKeys: s.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>;
  return s.minProperties ? record.filter((value) => Object.keys(value).length >= s.minProperties!) : record;
}

/** One object schema from the parts of an allOf, which the document uses only to extend an object. */
function mergeObjects(parts: Schema[]): Schema {
  if (parts.some((part) => part.type !== 'object')) throw new Error('allOf is mapped for objects only');
  return {
    type: 'object',
    properties: Object.assign({}, ...parts.map((part) => part.properties)),
    required: parts.flatMap((part) => part.required ?? []),
  };
}

/** Whether a hint is within the schema's type and limits, so that a "valid" value stays valid. */
function fits(s: Schema, value: unknown): boolean {
  if (s.type === 'string') return typeof value === 'string' && value.length >= (s.minLength ?? 0) && value.length <= (s.maxLength ?? Infinity);
  if (s.type === 'integer' || s.type === 'number') {
    return typeof value === 'number' && (s.type === 'number' || Number.isInteger(value)) && value >= (s.minimum ?? -Infinity) && value <= (s.maximum ?? Infinity);
  }
  if (s.type === 'array') return Array.isArray(value) && value.length >= (s.minItems ?? 0) && value.length <= (s.maxItems ?? Infinity);
  return s.type === undefined;
}

/**
 * Values `schema` refuses, most of them in one place only: a valid object with one property broken,
 * dropped or added, or a value just outside a limit — and now and then plain junk.
 */
export function brokenValue(schema: Schema, vocabulary: Vocabulary): fc.Arbitrary<unknown> {
  const s = schema.$ref ? vocabulary.resolve(schema.$ref) : schema;
  const object = s.allOf ? mergeObjects(s.allOf.map((part) => (part.$ref ? vocabulary.resolve(part.$ref) : part))) : s;
  const keys = Object.keys(object.properties ?? {});
  if (object.type !== 'object' || keys.length === 0) return fc.oneof(outside(s), junk);
  return fc.oneof(
    fc.tuple(objectValue(object, vocabulary), fc.constantFrom(...keys)).chain(([value, key]) =>
      fc.oneof(
        brokenValue(object.properties![key]!, vocabulary).map((broken) => ({ ...value, [key]: broken })),
        fc.constant(Object.fromEntries(Object.entries(value).filter(([k]) => k !== key))),
        junk.map((extra) => ({ ...value, [`${key}Extra`]: extra, __proto__x: 1 })),
      ),
    ),
    junk,
  );
}

/** Values just outside a schema's own limits and type. */
function outside(s: Schema): fc.Arbitrary<unknown> {
  const edges: unknown[] = [null, [], {}];
  if (s.type === 'string') edges.push(1, 'x'.repeat((s.maxLength ?? 10_000) + 1), ...(s.minLength ? ['x'.repeat(s.minLength - 1)] : []));
  if (s.type === 'integer' || s.type === 'number') edges.push('1', 1.5, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), (s.minimum ?? 0) - 1, (s.maximum ?? 2 ** 53) + 1);
  if (s.type === 'boolean') edges.push('true', 1);
  if (s.type === 'array') edges.push('[]', Array.from({ length: (s.maxItems ?? 100) + 1 }, () => null));
  if (s.enum || s.anyOf) edges.push('NOT-A-CHOICE', 'PASS', 'green', 'zh');
  return fc.constantFrom(...edges);
}
