// Each route's schemas are compiled the first time the route is used, not when the server starts. Fastify's
// own compilers (Ajv for requests, fast-json-stringify for answers) otherwise build every route's validators
// and every answer's serializer — each route with its half-dozen coded error answers — before the first
// request: about 0.7 s of CPU per start, most of it for routes a given process never serves (a test's
// server, a node that only serves readers). A route's first request pays its own compile, a few ms, once.
import ajvCompiler, { type ValidatorFactory } from '@fastify/ajv-compiler';
import serializerSelector, { type SerializerFactory } from '@fastify/fast-json-stringify-compiler';

type Validate = ((data: unknown) => unknown) & { errors?: unknown };

/** A validator that compiles on its first call; Fastify reads a failed call's `errors` off the function it holds. */
function validatorOnFirstUse(compile: () => Validate): Validate {
  let compiled: Validate | undefined;
  const validate: Validate = (data) => {
    compiled ??= compile();
    const result = compiled(data);
    validate.errors = compiled.errors;
    return result;
  };
  return validate;
}

function serializerOnFirstUse(compile: () => (doc: unknown) => string): (doc: unknown) => string {
  let compiled: ((doc: unknown) => string) | undefined;
  return (doc) => (compiled ??= compile())(doc);
}

/**
 * Fastify's default compilers, each compiling a route's schema on first use.
 * @example Fastify({ schemaController: { compilersFactory: compileOnFirstUse() } })
 */
export function compileOnFirstUse(): { buildValidator: ValidatorFactory; buildSerializer: SerializerFactory } {
  const validators = ajvCompiler();
  const serializers = serializerSelector();
  const buildValidator = ((external, options) => {
    const compile = validators(external, options);
    return (route) => validatorOnFirstUse(() => compile(route) as Validate);
  }) as ValidatorFactory;
  const buildSerializer: SerializerFactory = (external, options) => {
    const compile = serializers(external, options);
    return (route) => serializerOnFirstUse(() => compile(route));
  };
  return { buildValidator, buildSerializer };
}
