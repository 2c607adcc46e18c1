// Statements on the busiest paths, built through Kysely once rather than on every call. Kysely builds a
// tree of frozen nodes for every query and walks it to write the SQL: about 10 µs for a one-table lookup and
// 70 µs for the upgrade's checks with their three subqueries, against 3–7 µs to run either (measured,
// docs/benchmarks.md). A template builds its query with a marker in place of each value, keeps the SQL and
// where each marker landed among the parameters, and on each call hands Kysely that SQL with the call's
// values in those places: the same statement, the same driver and transaction, without the building.
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';

// No stored value starts with NUL (the API refuses it in every text, text-input.ts).
const MARK = '\u0000ykt-template-value:';

interface Compiled {
  sql: string;
  parameters: readonly unknown[];
  /** [index among the parameters, name of the value that goes there] */
  slots: ReadonlyArray<readonly [number, string]>;
}

/**
 * A query whose shape never changes: `build` may use each value only where a value goes (a comparison, an
 * inserted column, a limit), never to choose the query's shape (a branch on it, an `in` list's length) —
 * it is called once, with markers for the values. Compiled once per store, as each engine writes its own SQL.
 * @example const byId = new QueryTemplate((db, v: { id: string }) => db.selectFrom('session').selectAll().where('id', '=', v.id));
 */
export class QueryTemplate<V extends object, R> {
  private readonly compiled = new WeakMap<Dialect, Compiled>();

  constructor(private readonly build: (db: Kysely<Database>, values: V) => Compilable<R>) {}

  /** The statement with these values in place, for `db.executeQuery`. */
  bind(db: Kysely<Database>, dialect: Dialect, values: V): CompiledQuery<R> {
    let compiled = this.compiled.get(dialect);
    if (!compiled) this.compiled.set(dialect, (compiled = this.compile(db)));
    const parameters = compiled.parameters.slice();
    for (const [index, name] of compiled.slots) {
      const value = (values as Record<string, unknown>)[name];
      if (value === undefined) throw new Error(`query template: no value for "${name}"`);
      parameters[index] = value;
    }
    return CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>;
  }

  private compile(db: Kysely<Database>): Compiled {
    const names = new Set<string>();
    const markers = new Proxy({} as V, {
      get: (_target, name) => {
        if (typeof name !== 'string') throw new Error('query template: values are named by strings');
        names.add(name);
        return MARK + name;
      },
    });
    const { sql, parameters } = this.build(db, markers).compile();
    const slots: Array<readonly [number, string]> = [];
    parameters.forEach((p, index) => {
      if (typeof p !== 'string' || !p.includes(MARK)) return;
      const name = p.slice(MARK.length);
      if (!p.startsWith(MARK) || !names.has(name)) throw new Error(`query template: a value was used inside another (${sql})`);
      slots.push([index, name]);
    });
    // A value read but never sent as a parameter shaped the query instead: the template would be wrong for other values.
    for (const name of names) if (!slots.some(([, n]) => n === name)) throw new Error(`query template: "${name}" is not a parameter of ${sql}`);
    return { sql, parameters, slots };
  }
}
