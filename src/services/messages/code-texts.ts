// What carries a one-time code, in the holder's language: an e-mail (subject and text) and an SMS. Short,
// naming the service, the validity and that nobody from the service ever asks for the code — the usual
// guard against someone talking a code out of a visitor over the phone.
import type { CodePurpose } from '../../store/store.ts';
import type { Lang } from '../ports.ts';
import { SIGNATURE, SMS_TAG, SUBJECT_PREFIX, type MessageTexts } from './texts.ts';

/** What the texts say of a code. */
export interface CodeFacts {
  code: string;
  lang: Lang;
  purpose: CodePurpose;
  expiresAt: number;
}

/**
 * @example codeTexts({ code: '123456', lang: 'en', purpose: 'sign-in', expiresAt }, now).sms
 *   // '[Beijing Yikatong] Sign-in code 123456, valid 5 min. Never share it; our staff never ask for it.'
 */
export function codeTexts(message: CodeFacts, now: number): MessageTexts {
  const minutes = Math.max(1, Math.round((message.expiresAt - now) / 60_000));
  const change = message.purpose === 'contact-change';
  const byLang: Record<Lang, MessageTexts> = {
    zh: {
      subject: SUBJECT_PREFIX.zh + (change ? '更改联系方式验证码' : '交通一卡通升级登录验证码'),
      text:
        `${change ? '您正在更改接收验证码的手机号码或电子邮箱。' : '您正在登录交通一卡通升级服务。'}\n\n` +
        `验证码:${message.code}\n${minutes} 分钟内有效。请勿将验证码告诉任何人,工作人员不会向您索要验证码。\n\n` +
        `如非本人操作,请忽略本邮件。\n${SIGNATURE.zh}`,
      sms: `${SMS_TAG.zh}${change ? '更改联系方式' : '登录'}验证码 ${message.code},${minutes} 分钟内有效。请勿告诉他人,工作人员不会索要。`,
    },
    en: {
      subject: SUBJECT_PREFIX.en + (change ? 'code to change your contact' : 'your Transportation Card Upgrade sign-in code'),
      text:
        `${change ? 'You are changing the phone number or e-mail address that receives your codes.' : 'You are signing in to the Transportation Card Upgrade service.'}\n\n` +
        `Code: ${message.code}\nValid for ${minutes} minutes. Never share it: our staff never ask for it.\n\n` +
        `If this was not you, ignore this e-mail.\n${SIGNATURE.en}`,
      sms: `${SMS_TAG.en}${change ? 'Contact change' : 'Sign-in'} code ${message.code}, valid ${minutes} min. Never share it; our staff never ask for it.`,
    },
  };
  return byLang[message.lang];
}
