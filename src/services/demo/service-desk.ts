// The service desk's demo data: the demo outlets, and two tickets for the agent page to show on a fresh
// start (one from the Health Kit page in English, one by e-mail in Chinese). Running it again adds nothing.
import { checkDocument } from '../../domain/documents.ts';
import type { Context } from '../context.ts';
import { importOutlets } from '../desk/outlets.ts';
import { receiveMail } from '../desk/ticket-mail.ts';
import { openHolderTicket } from '../desk/tickets.ts';
import { DEMO_OUTLETS } from './outlets.ts';

export async function seedServiceDesk(ctx: Context, passport: { type: string; number: string; state?: string }): Promise<void> {
  await importOutlets(ctx, DEMO_OUTLETS, { replace: false, actor: 'seed' });
  if ((await ctx.store.tickets.find({ states: [], limit: 1 })).length > 0) return;
  const verdict = checkDocument(passport);
  const person = verdict.valid ? await ctx.store.people.findByDocKey(ctx.personalData.documentKey(verdict.document)) : undefined;
  if (person) {
    await openHolderTicket(ctx, person.id, 'kit', {
      subject: 'The gate says no health code information',
      body: 'I upgraded my card yesterday in Health Kit, but this morning the gate at Dongzhimen showed "No health code information found". What should I do?',
      lang: 'en',
    });
  }
  await receiveMail(ctx, {
    from: '陈大文 <chan.taiman@example.com>',
    to: '96066@bmac.com.cn',
    subject: '一卡通退卡咨询',
    text: '您好,我的一卡通芯片好像坏了,读卡器读不出来。卡里还有 300 多元余额,请问在哪里可以退卡?谢谢!',
    messageId: '<demo-1@example.com>',
  });
}
