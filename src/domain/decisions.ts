// The answer to one tap, and what the gate or validator shows and plays for it.
// Imported by the reader SDK, so it must stay free of I/O and of anything server-side.

/** Every outcome of a tap. Handle with an exhaustive switch (see `describeDecision`). */
export const Decision = {
  PASS: 'PASS',
  NOT_UPGRADED: 'NOT_UPGRADED',
  ABNORMAL: 'ABNORMAL',
  TEST_EXPIRED: 'TEST_EXPIRED',
  LIST_STALE: 'LIST_STALE',
  CARD_LOST: 'CARD_LOST',
  CARD_BLOCKED: 'CARD_BLOCKED',
  CARD_REFUNDED: 'CARD_REFUNDED',
} as const;

export type Decision = (typeof Decision)[keyof typeof Decision];

export const DECISIONS: readonly Decision[] = Object.values(Decision);

export type Light = 'green' | 'amber' | 'red';

/** Names of the sound files a reader plays; a reader maps them to its own audio. */
export type SoundCue = 'pass' | 'see_staff' | 'alarm' | 'card_invalid';

export interface DecisionCue {
  zh: string;
  en: string;
  light: Light;
  sound: SoundCue;
  /** Stable number shown small on the display and kept in tap records; never reused. */
  reason: number;
  /** Only PASS opens the gate. */
  opens: boolean;
}

/**
 * What a reader shows and speaks for a decision: for the person at the gate, in both languages at once (a
 * gate does not know its passenger's language), saying what to do next. The reader page, the holder's taps
 * and the staff lookup all show these texts. An unbound card still rides with a valid health code shown to
 * staff (the 2022 notice: 未升级的交通一卡通仍然可以正常使用,持卡人在刷卡前出示有效健康码信息,即可乘坐公共交通);
 * a lost, blocked or refunded card is not fixed by upgrading, so those texts name the outlet and the hotline.
 *
 * @example
 * describeDecision(Decision.NOT_UPGRADED).zh === '此卡未升级,请向工作人员出示有效健康码,即可乘车'
 */
export function describeDecision(decision: Decision): DecisionCue {
  switch (decision) {
    case Decision.PASS:
      return { zh: '请通行', en: 'Please go through', light: 'green', sound: 'pass', reason: 0, opens: true };
    case Decision.NOT_UPGRADED:
      return {
        zh: '此卡未升级,请向工作人员出示有效健康码,即可乘车',
        en: 'This card is not upgraded: show a valid health code to staff, and you can ride',
        light: 'amber',
        sound: 'see_staff',
        reason: 11,
        opens: false,
      };
    case Decision.ABNORMAL:
      return {
        zh: '健康码异常,请联系工作人员',
        en: 'Health code abnormal; please see staff',
        light: 'red',
        sound: 'alarm',
        reason: 12,
        opens: false,
      };
    case Decision.TEST_EXPIRED:
      return {
        zh: '未查到有效期内核酸检测结果,请联系工作人员',
        en: 'No negative test result within the required time; please see staff',
        light: 'amber',
        sound: 'see_staff',
        reason: 13,
        opens: false,
      };
    case Decision.LIST_STALE:
      return {
        zh: '设备数据未更新,请向工作人员出示健康码',
        en: 'This reader is not up to date; please show your health code to staff',
        light: 'amber',
        sound: 'see_staff',
        reason: 21,
        opens: false,
      };
    case Decision.CARD_LOST:
      return {
        zh: '此卡已挂失,不能乘车。找回的卡请到服务网点办理,或拨打客服热线 010-96066',
        en: 'This card is reported lost and cannot be used. If you found it, take it to a service outlet, or call customer service on 010-96066',
        light: 'red',
        sound: 'card_invalid',
        reason: 31,
        opens: false,
      };
    case Decision.CARD_BLOCKED:
      return {
        zh: '此卡已停用,不能乘车。请拨打客服热线 010-96066,或到服务网点咨询',
        en: 'This card is blocked and cannot be used. Call customer service on 010-96066, or ask at a service outlet',
        light: 'red',
        sound: 'card_invalid',
        reason: 32,
        opens: false,
      };
    case Decision.CARD_REFUNDED:
      return {
        zh: '此卡已退卡,不能乘车。请换用其他卡;如有疑问,请拨打客服热线 010-96066',
        en: 'This card has been refunded and cannot be used. Please use another card; for questions, call customer service on 010-96066',
        light: 'red',
        sound: 'card_invalid',
        reason: 33,
        opens: false,
      };
    default:
      return assertNever(decision);
  }
}

export function isDecision(value: unknown): value is Decision {
  return typeof value === 'string' && (DECISIONS as readonly string[]).includes(value);
}

function assertNever(value: never): never {
  throw new Error(`unknown decision: ${String(value)}`);
}
