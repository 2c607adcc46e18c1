// What the notices a holder receives say, in their language: an e-mail (subject and text) and an SMS. Each
// names the card only masked and carries no document, name or contact (a message can be forwarded, and an
// SMS is read on a lock screen). Times are Beijing time, as everything the service shows.
import type { Lang } from '../ports.ts';
import { SIGNATURE, SMS_TAG, SUBJECT_PREFIX, type MessageTexts } from './texts.ts';

/** A notice, with what its text needs. Cards are masked ("1000 **** **** 0001"); instants are ms. */
export type Notice =
  | { kind: 'ticket-replied'; ticketId: number; link: string }
  | { kind: 'unbind-confirm'; card: string; link: string; expiresAt: number }
  | { kind: 'card-unbound'; card: string; at: number; link: string }
  | { kind: 'refund-completed'; card: string; receiptNo: string; totalFen: number; outlet: { zh: string; en: string }; at: number }
  | { kind: 'pass-lapsing'; card: string; passUntil: number; offLink: string }
  | { kind: 'contact-changed'; at: number; next: string; outlet: { zh: string; en: string } | null };

export type NoticeKind = Notice['kind'];


/**
 * An instant as a person in Beijing reads it, in their language.
 * @example beijingTime(Date.parse('2022-06-06T00:00:00Z'), 'en') // '2022-06-06 08:00 (Beijing time)'
 */
export function beijingTime(at: number, lang: Lang): string {
  const local = new Date(at + 8 * 3_600_000).toISOString();
  const text = `${local.slice(0, 10)} ${local.slice(11, 16)}`;
  return lang === 'zh' ? `${text}(北京时间)` : `${text} (Beijing time)`;
}

const yuan = (fen: number): string => (fen / 100).toFixed(2);

type Writer = (notice: never, lang: Lang) => { subject: string; body: string; sms: string };

const WRITERS: { [K in NoticeKind]: (notice: Extract<Notice, { kind: K }>, lang: Lang) => { subject: string; body: string; sms: string } } = {
  'ticket-replied': (n, lang) =>
    lang === 'zh'
      ? { subject: `客服已回复您的工单 #${n.ticketId}`, body: `客服已回复您的工单 #${n.ticketId}。请在"交通一卡通升级"栏目的"我的工单"中查看:\n${n.link}`, sms: `客服已回复您的工单 #${n.ticketId},请在"交通一卡通升级"栏目查看。` }
      : { subject: `Customer service replied to your ticket #${n.ticketId}`, body: `Customer service replied to your ticket #${n.ticketId}. Read it under "My tickets" in the Transportation Card Upgrade column:\n${n.link}`, sms: `Customer service replied to your ticket #${n.ticketId}; read it in the Transportation Card Upgrade column.` },
  'unbind-confirm': (n, lang) =>
    lang === 'zh'
      ? {
          subject: `请确认解除卡片 ${n.card} 的绑定`,
          body: `客服收到解除卡片 ${n.card} 绑定的请求。如确为您本人提出,请在 ${beijingTime(n.expiresAt, lang)} 前打开以下链接确认:\n${n.link}\n\n如非本人请求,请忽略本消息,卡片绑定不会改变。`,
          sms: `客服收到解除卡片 ${n.card} 绑定的请求,如为本人请求请打开链接确认:${n.link} 非本人请求请忽略。`,
        }
      : {
          subject: `Please confirm unbinding card ${n.card}`,
          body: `Customer service was asked to unbind card ${n.card}. If you asked for it, confirm before ${beijingTime(n.expiresAt, lang)} at:\n${n.link}\n\nIf you did not ask for it, ignore this message: the card stays bound.`,
          sms: `Customer service was asked to unbind card ${n.card}. If you asked, confirm: ${n.link} If not, ignore this.`,
        },
  'card-unbound': (n, lang) =>
    lang === 'zh'
      ? {
          subject: `卡片 ${n.card} 已解除绑定`,
          body: `应您的请求,客服已于 ${beijingTime(n.at, lang)} 解除卡片 ${n.card} 的绑定。刷卡时将不再核验您的健康码。\n\n如需恢复,可随时在"交通一卡通升级"栏目重新升级该卡:\n${n.link}\n\n如您并未提出该请求,请立即致电 010-96066。`,
          sms: `应您的请求,卡片 ${n.card} 已解除绑定。如需恢复,请在"交通一卡通升级"栏目重新升级;非本人请求请致电 010-96066。`,
        }
      : {
          subject: `Card ${n.card} is unbound`,
          body: `At your request, customer service unbound card ${n.card} at ${beijingTime(n.at, lang)}. A tap with it no longer checks your health code.\n\nTo undo this, upgrade the card again at any time in the Transportation Card Upgrade column:\n${n.link}\n\nIf you did not ask for this, call 010-96066 at once.`,
          sms: `At your request, card ${n.card} is unbound. To undo, upgrade it again in the Transportation Card Upgrade column; if you did not ask, call 010-96066.`,
        },
  'refund-completed': (n, lang) =>
    lang === 'zh'
      ? {
          subject: `退卡完成:凭证 ${n.receiptNo}`,
          body: `卡片 ${n.card} 已于 ${beijingTime(n.at, lang)} 在${n.outlet.zh}办理退卡。\n退款合计:¥${yuan(n.totalFen)}\n凭证号:${n.receiptNo}\n\n如有疑问,请凭凭证号联系客服。`,
          sms: `卡片 ${n.card} 已在${n.outlet.zh}退卡,退款 ¥${yuan(n.totalFen)},凭证号 ${n.receiptNo}。`,
        }
      : {
          subject: `Refund completed: receipt ${n.receiptNo}`,
          body: `Card ${n.card} was refunded at ${n.outlet.en} at ${beijingTime(n.at, lang)}.\nTotal refunded: CNY ${yuan(n.totalFen)}\nReceipt: ${n.receiptNo}\n\nQuestions: contact customer service with the receipt number.`,
          sms: `Card ${n.card} refunded at ${n.outlet.en}: CNY ${yuan(n.totalFen)}, receipt ${n.receiptNo}.`,
        },
  'contact-changed': contactChanged,
  'pass-lapsing': (n, lang) =>
    lang === 'zh'
      ? {
          subject: `卡片 ${n.card} 的核酸检测结果即将过期`,
          body: `您的核酸阴性结果将于 ${beijingTime(n.passUntil, lang)} 过期。过期后使用卡片 ${n.card} 乘车时,闸机将提示"核酸检测已过期"。请及时检测。\n\n不再接收此类提醒:\n${n.offLink}`,
          sms: `您的核酸阴性结果将于 ${beijingTime(n.passUntil, lang)} 过期,过期后卡片 ${n.card} 刷卡将提示检测已过期。退订提醒:${n.offLink}`,
        }
      : {
          subject: `The test result behind card ${n.card} expires soon`,
          body: `Your negative test result expires at ${beijingTime(n.passUntil, lang)}. After that, a tap with card ${n.card} shows "Test expired". Please get tested in time.\n\nStop these reminders:\n${n.offLink}`,
          sms: `Your negative test expires ${beijingTime(n.passUntil, lang)}; after that card ${n.card} shows "Test expired" at gates. Stop reminders: ${n.offLink}`,
        },
};

function contactChanged(n: Extract<Notice, { kind: 'contact-changed' }>, lang: Lang) {
  const where = n.outlet ? (lang === 'zh' ? `在${n.outlet.zh}` : ` at ${n.outlet.en}`) : '';
  return lang === 'zh'
    ? {
        subject: '接收验证码的联系方式已更改',
        body: `您的交通一卡通升级账户已于 ${beijingTime(n.at, lang)}${where}将接收验证码的联系方式改为 ${n.next},此后验证码不再发送到这里。\n\n如非本人操作,请立即致电 010-96066。`,
        sms: `您接收验证码的联系方式已${where}改为 ${n.next}。如非本人操作,请立即致电 010-96066。`,
      }
    : {
        subject: 'The contact for your codes was changed',
        body: `The contact that receives the codes of your Transportation Card Upgrade account was changed${where} at ${beijingTime(n.at, lang)} to ${n.next}; codes no longer come here.\n\nIf this was not you, call 010-96066 at once.`,
        sms: `The contact for your codes was changed${where} to ${n.next}. If this was not you, call 010-96066 at once.`,
      };
}

/**
 * The e-mail and SMS texts of a notice in `lang`.
 * @example noticeTexts({ kind: 'ticket-replied', ticketId: 42, link }, 'en').subject // 'Customer service replied to your ticket #42'
 */
export function noticeTexts(notice: Notice, lang: Lang): MessageTexts {
  const { subject, body, sms } = (WRITERS[notice.kind] as Writer)(notice as never, lang);
  return { subject: `${SUBJECT_PREFIX[lang]}${subject}`, text: `${body}\n\n${SIGNATURE[lang]}`, sms: `${SMS_TAG[lang]}${sms}` };
}
