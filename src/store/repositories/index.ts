// The repositories composed into one face: one property per concern, each a peer built on the same Kysely
// handle and dialect. The root store and every transaction get one of these.
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import { Agreements } from './agreements.ts';
import { Audit } from './audit.ts';
import { Bindings } from './bindings.ts';
import { Cards } from './cards.ts';
import { Changes } from './changes.ts';
import { Health } from './health.ts';
import { Lists } from './lists.ts';
import { Outbox } from './outbox.ts';
import { Outlets } from './outlets.ts';
import { People } from './people.ts';
import { Policies } from './policies.ts';
import { Refunds } from './refunds.ts';
import { Sessions } from './sessions.ts';
import { SignInCodes } from './sign-in-codes.ts';
import { Staff } from './staff.ts';
import { Taps } from './taps.ts';
import { Terminals } from './terminals.ts';
import { Tickets } from './tickets.ts';

export { Agreements, Audit, Bindings, Cards, Changes, Health, Lists, Outbox, Outlets, People, Policies, Refunds, Sessions, SignInCodes, Staff, Taps, Terminals, Tickets };

/** What services may ask of the database, by concern: `store.cards.findByNumber(n)`, `tx.bindings.insert(…)`. */
export interface Repositories {
  readonly people: People;
  readonly signInCodes: SignInCodes;
  readonly sessions: Sessions;
  readonly cards: Cards;
  readonly agreements: Agreements;
  readonly bindings: Bindings;
  readonly health: Health;
  readonly policies: Policies;
  readonly lists: Lists;
  readonly terminals: Terminals;
  readonly taps: Taps;
  readonly tickets: Tickets;
  readonly outlets: Outlets;
  readonly refunds: Refunds;
  readonly staff: Staff;
  readonly audit: Audit;
  readonly changes: Changes;
  readonly outbox: Outbox;
}

/** The concern names, in the order above: for code that walks every repository (the contract suite does). */
export const REPOSITORY_NAMES = [
  'people', 'signInCodes', 'sessions', 'cards', 'agreements', 'bindings', 'health', 'policies', 'lists',
  'terminals', 'taps', 'tickets', 'outlets', 'refunds', 'staff', 'audit', 'changes', 'outbox',
] as const satisfies ReadonlyArray<keyof Repositories>;

/**
 * Repositories made on first use: tap uploads and upgrades run many short transactions a second, each of
 * which touches two or three concerns, so a transaction costs two field writes, not eighteen objects.
 * Adapters' stores extend it to add their lifecycle (transaction, migrate, close).
 */
export class ComposedRepositories implements Repositories {
  private made: Partial<{ -readonly [K in keyof Repositories]: Repositories[K] }> = {};

  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly dialect: Dialect,
  ) {}

  get people() { return (this.made.people ??= new People(this.db, this.dialect)); }
  get signInCodes() { return (this.made.signInCodes ??= new SignInCodes(this.db, this.dialect)); }
  get sessions() { return (this.made.sessions ??= new Sessions(this.db, this.dialect)); }
  get cards() { return (this.made.cards ??= new Cards(this.db, this.dialect)); }
  get agreements() { return (this.made.agreements ??= new Agreements(this.db, this.dialect)); }
  get bindings() { return (this.made.bindings ??= new Bindings(this.db, this.dialect)); }
  get health() { return (this.made.health ??= new Health(this.db, this.dialect)); }
  get policies() { return (this.made.policies ??= new Policies(this.db, this.dialect)); }
  get lists() { return (this.made.lists ??= new Lists(this.db, this.dialect)); }
  get terminals() { return (this.made.terminals ??= new Terminals(this.db, this.dialect)); }
  get taps() { return (this.made.taps ??= new Taps(this.db, this.dialect)); }
  get tickets() { return (this.made.tickets ??= new Tickets(this.db, this.dialect)); }
  get outlets() { return (this.made.outlets ??= new Outlets(this.db, this.dialect)); }
  get refunds() { return (this.made.refunds ??= new Refunds(this.db, this.dialect)); }
  get staff() { return (this.made.staff ??= new Staff(this.db, this.dialect)); }
  get audit() { return (this.made.audit ??= new Audit(this.db, this.dialect)); }
  get changes() { return (this.made.changes ??= new Changes(this.db, this.dialect)); }
  get outbox() { return (this.made.outbox ??= new Outbox(this.db, this.dialect)); }
}

/**
 * The repositories over a Kysely handle: the root, or a transaction's.
 * @example const tx = repositories(trx, dialect); await tx.cards.get(id);
 */
export function repositories(db: Kysely<Database>, dialect: Dialect): Repositories {
  return new ComposedRepositories(db, dialect);
}
