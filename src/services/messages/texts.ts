// What every message to a holder shares, codes and notices alike: the service's name before the subject and
// the SMS, and the signature under an e-mail, in the holder's language.
import type { Lang } from '../ports.ts';

/** A message's texts: the e-mail's subject and text, and the SMS. */
export interface MessageTexts {
  subject: string;
  text: string;
  sms: string;
}

export const SUBJECT_PREFIX: Record<Lang, string> = { zh: '北京一卡通:', en: 'Beijing Yikatong: ' };
export const SMS_TAG: Record<Lang, string> = { zh: '【北京一卡通】', en: '[Beijing Yikatong] ' };
export const SIGNATURE: Record<Lang, string> = {
  zh: '——\n北京一卡通客服 · 010-96066 · 96066@bmac.com.cn\n',
  en: '--\nBeijing Yikatong customer service · 010-96066 · 96066@bmac.com.cn\n',
};
