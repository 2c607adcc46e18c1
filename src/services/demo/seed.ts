// The demo data: the agreement, cards of every product and state, and a person with each document type.
// Running it again adds nothing.
import { PRODUCTS, type CardState, type Product } from '../../domain/cards.ts';
import { checkDocument, maskDocumentNumber, residenceCheckCharacter, type TravelDocument } from '../../domain/documents.ts';
import { importCards } from '../feeds/card-import.ts';
import { ingestHealth } from '../feeds/health-feed.ts';
import { addStaff } from '../operator/staff.ts';
import { seedPostsAndRefundRules } from './posts.ts';
import type { StaffRole } from '../../domain/staff.ts';
import type { Context } from '../context.ts';
import { DEMO_AGREEMENT } from './agreement-text.ts';
import { seedServiceDesk } from './service-desk.ts';

const residence = `81000019900101001`;

export const DEMO_DOCUMENTS: Array<TravelDocument & { name: string }> = [
  { type: 'hk-macao-permit', number: 'H12345678', name: 'Chan Tai Man' },
  { type: 'taiwan-permit', number: '87654321', name: 'Lin Mei' },
  { type: 'passport', number: 'E12345678', state: 'GBR', name: 'Alice Smith' },
  { type: 'residence-permit', number: residence + residenceCheckCharacter(residence), name: 'Ho Ka Yan' },
];

/**
 * One account per role; the README lists them. Demo only: a real operator adds accounts with `ykt staff add`.
 * A display name is a person's name, shown as it is in both languages (a holder reads "王芳正在输入…" or
 * "王芳 is typing…"), so the demo's are names too, not role titles in two languages.
 */
export const DEMO_STAFF: Array<{ username: string; role: StaffRole; displayName: string; password: string }> = [
  { username: 'staff', role: 'staff', displayName: '张伟', password: 'demo-staff-2022' },
  { username: 'agent', role: 'agent', displayName: '王芳', password: 'demo-agent-2022' },
  { username: 'outlet', role: 'outlet', displayName: '李娜', password: 'demo-outlet-2022' },
  { username: 'operator', role: 'operator', displayName: '刘洋', password: 'demo-operator-2022' },
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
  if (!(await ctx.store.agreements.current())) {
    await ctx.store.agreements.insert({ ...DEMO_AGREEMENT, publishedAt: ctx.clock() });
  }
  const rows = demoCardRows();
  const cards = await importCards(ctx, iterate(rows));
  const now = ctx.clock();
  for (const demo of DEMO_DOCUMENTS) {
    const verdict = checkDocument(demo);
    if (!verdict.valid) throw new Error(`demo document ${demo.type} is not valid: ${verdict.code}`);
    await ctx.store.people.ensure({
      docType: demo.type,
      docKey: ctx.personalData.documentKey(verdict.document),
      docSealed: ctx.personalData.seal({ document: verdict.document, name: demo.name }),
      docMasked: maskDocumentNumber(verdict.document.number),
      at: now,
    });
  }
  for (const member of DEMO_STAFF) {
    if (!(await ctx.store.staff.find({ username: member.username }))) await addStaff(ctx, member, 'seed');
  }
  await seedPostsAndRefundRules(ctx);
  await seedServiceDesk(ctx, DEMO_DOCUMENTS.find((d) => d.type === 'passport')!);
  // Every demo person has a green code and a negative test from an hour ago, so a demo tap passes.
  const unrecorded = [];
  for (const d of DEMO_DOCUMENTS) {
    const verdict = checkDocument(d);
    if (verdict.valid && !(await ctx.store.health.get(ctx.personalData.documentKey(verdict.document)))) unrecorded.push(d);
  }
  await ingestHealth(
    ctx,
    unrecorded.map((d) => ({
      recordId: `demo-${d.type}-${now}`,
      document: { type: d.type, number: d.number, state: d.state },
      colour: 'green',
      testedAt: now - 3_600_000,
      recordedAt: now,
    })),
  );
  return { cards };
}
