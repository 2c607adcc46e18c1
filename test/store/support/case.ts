// What each concern's contract sees: the store under test (recorded), a raw client, the engine, and the
// two persons every suite starts with.
import type { NewCard, Store } from '../../../src/store/store.ts';

export interface StoreCase {
  kind: 'sqlite' | 'postgres';
  store: Store;
  raw(statement: string): Promise<void>;
  personA: number;
  personB: number;
}

/** A card as the issuer would send it, with the fields a test cares about overridden. */
export const card = (number: string, fields: Partial<NewCard> = {}): NewCard => ({
  number,
  medium: 'physical',
  product: 'ordinary',
  state: 'active',
  depositFen: 2000,
  balanceFen: 150,
  updatedAt: 1_000,
  ...fields,
});

/** A person made for one test, by document key. */
export const person = async (store: Store, key: string, at = 1): Promise<number> =>
  (await store.people.ensure({ docType: 'passport', docKey: key, docSealed: `sealed-${key}`, docMasked: 'E1****00', at })).id;
