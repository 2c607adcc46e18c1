// The operations of the OpenAPI document as the fuzzer drives them: method, path, parameters, body schema,
// and a validator for each declared success answer (Ajv, the JSON-schema validator Fastify itself runs).
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { Schema } from './schema-values.ts';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** As the document writes it: `/api/v1/kit/cards/{bindingId}`. */
  path: string;
  parameters: Parameter[];
  body?: Schema;
  /** Status → media type → validator of the body, for the 2xx answers. */
  successes: Map<number, Map<string, ValidateFunction | null>>;
  /** The security schemes it names (bearer, terminal, listLink, metrics); empty when anonymous. */
  security: string[];
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: Array<Record<string, string[]>>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * Every operation of the document, with its success answers compiled to validators.
 * @example const ops = operationsOf(await (await fetch(`${base}/api/v1/openapi.json`)).json());
 */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  // OpenAPI 3.0 words (nullable, example) are not JSON Schema: strict mode would refuse them, and Ajv knows
  // `nullable` once not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: imported from ESM, its plugin is the module's `default`.
  ajvFormats.default(ajv);
  ajv.addFormat('binary', true);
  for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${name}`);
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema,
      successes: new Map(
        Object.entries(op.responses)
          .filter(([status]) => status.startsWith('2'))
          .map(([status, answer]) => [
            Number(status),
            new Map(Object.entries(answer.content ?? {}).map(([type, { schema }]) => [type, type.includes('json') && schema ? ajv.compile(schema) : null])),
          ]),
      ),
      security: (op.security ?? []).flatMap((requirement) => Object.keys(requirement)),
    })),
  );
}

/** Resolves a `#/components/schemas/…` reference of the document. */
export function resolver(doc: OpenApiDocument): (ref: string) => Schema {
  return (ref) => {
    const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    if (!schema) throw new Error(`unresolved ${ref}`);
    return schema;
  };
}
