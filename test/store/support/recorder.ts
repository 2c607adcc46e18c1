// Records which public store methods a suite calls, so that the suite can prove it called every one. The
// list of methods comes from the classes themselves (each repository's prototype and the adapter's), so a
// method added to a repository without a contract test fails the suite instead of going unnoticed.
import { REPOSITORY_NAMES } from '../../../src/store/repositories/index.ts';
import type { Repositories, Store } from '../../../src/store/store.ts';

const ownMethods = (object: object): string[] => {
  const prototype = Object.getPrototypeOf(object) as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(prototype, name)?.value === 'function');
};

/** Every public method of a store: `cards.get`, …, and the store's own (`transaction`, `migrate`, …). */
export function publicMethods(store: Store): string[] {
  const methods = ownMethods(store);
  for (const name of REPOSITORY_NAMES) methods.push(...ownMethods(store[name]).map((method) => `${name}.${method}`));
  return methods.sort();
}

const isRepository = (prop: string | symbol): prop is (typeof REPOSITORY_NAMES)[number] => (REPOSITORY_NAMES as readonly (string | symbol)[]).includes(prop);

/**
 * A store that behaves as `store` and notes every method called on it, on its repositories and on the
 * repositories of its transactions.
 * @example const { store, called } = recording(opened.store); … assert.deepEqual(publicMethods(opened.store).filter((m) => !called.has(m)), []);
 */
export function recording(store: Store): { store: Store; called: Set<string> } {
  const called = new Set<string>();
  const repository = (target: object, name: string) =>
    new Proxy(target, {
      get(object, prop, receiver) {
        const value = Reflect.get(object, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        return (...args: unknown[]) => {
          called.add(`${name}.${prop}`);
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  const repositories = <T extends Repositories>(target: T, own: (prop: string, value: unknown) => unknown): T =>
    new Proxy(target, {
      get(object, prop) {
        const value = Reflect.get(object, prop, object) as unknown;
        if (isRepository(prop)) return repository(value as object, prop);
        return typeof prop === 'string' ? own(prop, value) : value;
      },
    });
  const wrapped = repositories(store, (prop, value) => {
    if (typeof value !== 'function') return value;
    return (...args: unknown[]) => {
      called.add(prop);
      if (prop === 'transaction' || prop === 'grouped') {
        const fn = args[0] as (tx: Repositories) => Promise<unknown>;
        return store[prop]((tx) => fn(repositories(tx, (_p, v) => v)));
      }
      return (value as (...a: unknown[]) => unknown).apply(store, args);
    };
  });
  return { store: wrapped, called };
}
