// The demo data: the agreement, cards of every product and state, and a person with each document type.
// Running it again adds nothing.
import { PRODUCTS, type CardState, type Product } from '../../domain/cards.ts';
import { checkDocument, maskDocumentNumber, residenceCheckCharacter, type TravelDocument } from '../../domain/documents.ts';
import { importCards } from '../card-import.ts';
import type { Context } from '../context.ts';
import { DEMO_AGREEMENT } from './agreement-text.ts';

const residence = `81000019900101001`;

export const DEMO_DOCUMENTS: Array<TravelDocument & { name: string }> = [
  { type: 'hk-macao-permit', number: 'H12345678', name: 'Chan Tai Man' },
  { type: 'taiwan-permit', number: '87654321', name: 'Lin Mei' },
  { type: 'passport', number: 'E12345678', state: 'GBR', name: 'Alice Smith' },
  { type: 'residence-permit', number: residence + residenceCheckCharacter(residence), name: 'Ho Ka Yan' },
];

const STATES: CardState[] = ['active', 'active', 'active', 'lost', 'refunded', 'blocked'];

/** Card rows for every product × state: 16-digit numbers 1000751000000001 onwards. */
export function demoCardRows(): Array<Record<string, string>> {
  const rows: Array<Record<string, string>> = [];
  let serial = 0;
  for (const product of Object.keys(PRODUCTS) as Product[]) {
    for (const state of STATES) {
      serial++;
      rows.push({
        number: `10007510${String(serial).padStart(8, '0')}`,
        medium: product === 'mobile-nfc' ? 'nfc' : 'physical',
        product,
        state,
        deposit_fen: product === 'mobile-nfc' ? '0' : '2000',
        balance_fen: String((serial * 1234) % 20000),
      });
    }
  }
  return rows;
}

async function* iterate<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

/** Seeds the demo; returns what a person needs to try it. */
export async function seedDemo(ctx: Context) {
  if (!(await ctx.store.currentAgreement())) {
    await ctx.store.insertAgreement({ ...DEMO_AGREEMENT, publishedAt: ctx.clock() });
  }
  const rows = demoCardRows();
  const cards = await importCards(ctx, iterate(rows));
  const now = ctx.clock();
  for (const demo of DEMO_DOCUMENTS) {
    const verdict = checkDocument(demo);
    if (!verdict.valid) throw new Error(`demo document ${demo.type} is not valid: ${verdict.code}`);
    await ctx.store.ensurePerson({
      docType: demo.type,
      docKey: ctx.personalData.documentKey(verdict.document),
      docSealed: ctx.personalData.seal({ document: verdict.document, name: demo.name }),
      docMasked: maskDocumentNumber(verdict.document.number),
      at: now,
    });
  }
  return { cards };
}
