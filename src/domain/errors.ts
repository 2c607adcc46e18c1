// The one error catalogue: every refusal the system gives has a stable code, an HTTP status and a text
// in Simplified Chinese and English. Clients key on the code; people read the text.
// test/domain/errors.test.ts keeps this list, its texts and docs/errors.md in step.

export interface Message {
  zh: string;
  en: string;
}

interface Entry extends Message {
  status: number;
  /** A 5xx that is a passing state everyone expects (e.g. just after start), not a fault: logged at info. */
  expected?: true;
}

const catalogue = {
  // Requests
  VALIDATION_FAILED: { status: 400, zh: '请求内容不符合要求', en: 'The request is not valid' },
  NOT_FOUND: { status: 404, zh: '找不到请求的内容', en: 'Not found' },
  BODY_TOO_LARGE: { status: 413, zh: '请求内容过大,请减少内容后重试', en: 'The request body is too large; please send less at once' },
  RATE_LIMITED: { status: 429, zh: '操作过于频繁,请稍后再试', en: 'Too many requests; please try again later' },
  INTERNAL: { status: 500, zh: '系统繁忙,请稍后再试', en: 'Something went wrong on our side; please try again later' },
  // The database could not take the request (locked past its wait, disk full, server restarting): a passing
  // fault of the infrastructure, not of the request. Its transaction was rolled back, unless the connection
  // broke during the commit itself, so the answer does not promise that nothing changed (docs/reliability.md).
  STORE_UNAVAILABLE: {
    status: 503,
    zh: '系统暂时无法保存,请稍后重试',
    en: 'The service cannot store this right now; please try again shortly',
  },

  // Documents
  DOC_TYPE_UNKNOWN: {
    status: 400,
    zh: '不支持的证件类型',
    en: 'This document type is not supported',
  },
  DOC_HK_MACAO_FORMAT: {
    status: 400,
    zh: '港澳居民来往内地通行证号码应为 H 或 M 加 8 位数字(或 10 位数字)',
    en: 'A Mainland Travel Permit for Hong Kong and Macao Residents number is H or M followed by 8 digits (or 10 digits)',
  },
  DOC_TAIWAN_FORMAT: {
    status: 400,
    zh: '台湾居民来往大陆通行证号码应为 8 位数字(旧版为 10 位)',
    en: 'A Mainland Travel Permit for Taiwan Residents number is 8 digits (10 on older permits)',
  },
  DOC_PASSPORT_FORMAT: {
    status: 400,
    zh: '护照号码应为不超过 9 位的字母和数字',
    en: 'A passport number is at most 9 letters and digits',
  },
  DOC_PASSPORT_STATE_MISSING: {
    status: 400,
    zh: '请选择护照签发国家或地区',
    en: 'Please give the state that issued the passport',
  },
  DOC_PASSPORT_STATE_UNKNOWN: {
    status: 400,
    zh: '护照签发国家或地区代码无效(应为 ICAO 9303 三位字母代码)',
    en: 'The issuing state is not a valid ICAO 9303 code (three letters, such as GBR)',
  },
  DOC_RESIDENCE_FORMAT: {
    status: 400,
    zh: '港澳台居民居住证号码应为 18 位(17 位数字加 1 位数字或 X)',
    en: 'A Residence Permit for Hong Kong, Macao and Taiwan Residents number is 18 characters: 17 digits and a digit or X',
  },
  DOC_RESIDENCE_REGION: {
    status: 400,
    zh: '港澳台居民居住证号码应以 810000、820000 或 830000 开头',
    en: 'A Residence Permit for Hong Kong, Macao and Taiwan Residents number starts with 810000, 820000 or 830000',
  },
  DOC_RESIDENCE_BIRTH_DATE: {
    status: 400,
    zh: '港澳台居民居住证号码中的出生日期无效',
    en: 'The birth date in the residence permit number is not a real date',
  },
  DOC_RESIDENCE_CHECK: {
    status: 400,
    zh: '港澳台居民居住证号码校验位不正确,请核对',
    en: 'The residence permit number does not pass its check character; please check it',
  },

  // Sign-in and sessions
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  SESSION_INVALID: {
    status: 401,
    zh: '登录已失效,请重新登录',
    en: 'Your session has expired or was signed out; please sign in again',
  },
  CODE_WRONG: { status: 401, zh: '验证码不正确', en: 'The one-time code is not correct' },
  CODE_EXPIRED: {
    status: 401,
    zh: '验证码已失效,请重新获取',
    en: 'The one-time code has expired or was already used; please request a new one',
  },
  CODE_ATTEMPTS_EXCEEDED: {
    status: 429,
    zh: '验证码错误次数过多,请重新获取',
    en: 'Too many wrong codes; please request a new one',
  },
  CODE_DAILY_FAILURES_EXCEEDED: {
    status: 429,
    zh: '该证件今日验证码错误次数过多,请 24 小时后再试',
    en: 'Too many wrong codes for this document today; please try again in 24 hours',
  },
  CODE_REQUESTS_EXCEEDED: {
    status: 429,
    zh: '获取验证码过于频繁,请 10 分钟后再试',
    en: 'Too many codes requested; please try again in 10 minutes',
  },
  CONTACT_REQUIRED: {
    status: 400,
    zh: '首次登录请填写接收验证码的手机号码或电子邮箱',
    en: 'At your first sign-in, give a mobile number or an e-mail address to receive the code',
  },
  CONTACT_ONE_ONLY: {
    status: 400,
    zh: '请只填写手机号码或电子邮箱其中一项',
    en: 'Give either a mobile number or an e-mail address, not both',
  },
  CONTACT_PHONE_INVALID: {
    status: 400,
    zh: '手机号码无效:请填写能接收短信的手机号码,境外号码请以 + 和国家或地区代码开头(如 +852 9123 4567)',
    en: 'This is not a mobile number that can receive text messages; numbers outside the mainland start with + and the country code (such as +852 9123 4567)',
  },
  CONTACT_EMAIL_INVALID: {
    status: 400,
    zh: '电子邮箱地址无效,请核对(如 name@example.com)',
    en: 'This is not a valid e-mail address; please check it (such as name@example.com)',
  },
  CONTACT_SMS_UNAVAILABLE: {
    status: 422,
    zh: '本服务暂不能发送短信验证码,请改用电子邮箱;已登记手机号码的用户请联系客服 010-96066',
    en: 'This service cannot send text messages at present: please use an e-mail address. If your mobile number is registered, call customer service on 010-96066',
  },
  CONTACT_EMAIL_UNAVAILABLE: {
    status: 422,
    zh: '本服务暂不能发送邮件验证码,请改用手机号码;已登记电子邮箱的用户请联系客服 010-96066',
    en: 'This service cannot send e-mail at present: please use a mobile number. If your e-mail address is registered, call customer service on 010-96066',
  },
  CONTACT_UNCHANGED: {
    status: 409,
    zh: '新的联系方式与当前登记的相同',
    en: 'The new contact is the one already registered',
  },
  SIGN_IN_METHOD_OFF: { status: 404, zh: '本服务不提供此登录方式', en: 'This way of signing in is not offered here' },
  OIDC_STATE_MISMATCH: {
    status: 401,
    zh: '登录未能完成:本次登录不是在此设备上发起的,或已超时,请重新登录',
    en: 'The sign-in could not be completed: it was not started on this device, or it took too long. Please sign in again',
  },
  OIDC_NONCE_MISMATCH: {
    status: 401,
    zh: '无法核实登录服务返回的身份信息,请重新登录',
    en: 'The identity the sign-in service returned could not be verified; please sign in again',
  },
  OIDC_SIGN_IN_CANCELLED: {
    status: 401,
    zh: '登录已取消:您在登录服务中取消了登录或未同意授权',
    en: 'The sign-in was cancelled: you cancelled it or declined to share your details at the sign-in service',
  },
  OIDC_CLAIMS_UNUSABLE: {
    status: 422,
    zh: '登录服务未提供本服务可用的证件信息(港澳台通行证、护照或居住证),请在该服务中完成实名认证,或联系客服 010-96066',
    en: 'The sign-in service did not give a document this service accepts (a travel permit, passport or residence permit). Complete your real-name details there, or call customer service on 010-96066',
  },
  OIDC_PROVIDER_ERROR: {
    status: 502,
    zh: '登录服务暂时无法使用,请稍后再试',
    en: 'The sign-in service is not answering as expected; please try again later',
  },
  WRONG_CHANNEL_USE_APP: {
    status: 409,
    zh: '持港澳台居民居住证的用户,请在"北京一卡通"APP 中办理交通一卡通升级',
    en: 'Holders of a Residence Permit for Hong Kong, Macao and Taiwan Residents upgrade in the Beijing Yikatong app',
  },
  WRONG_CHANNEL_USE_KIT: {
    status: 409,
    zh: '持通行证或护照的用户,请在"Health Kit(健康宝)"小程序的"交通一卡通升级"栏目中办理',
    en: 'Holders of a travel permit or passport upgrade in the Health Kit applet, column Transportation Card Upgrade',
  },

  // Cards
  CARD_NUMBER_FORMAT: {
    status: 400,
    zh: '一卡通卡号应为 16 至 20 位数字',
    en: 'A Yikatong card number is 16 to 20 digits',
  },
  CARD_NOT_FOUND: {
    status: 404,
    zh: '未找到该一卡通卡号,请核对卡面上的卡号',
    en: 'No Yikatong card has this number; please check the number printed on the card',
  },
  CARD_MEDIUM_MISMATCH: {
    status: 409,
    zh: '卡片类型与所选不符(实体卡/手机 NFC 卡)',
    en: 'The card is not of the kind you chose (physical card or phone NFC card)',
  },
  CARD_LOST: { status: 409, zh: '该卡已挂失,无法升级', en: 'This card is reported lost and cannot be upgraded' },
  CARD_REFUNDED: { status: 409, zh: '该卡已退卡,无法升级', en: 'This card has been refunded and cannot be upgraded' },
  CARD_BLOCKED: { status: 409, zh: '该卡已停用,无法升级', en: 'This card is blocked and cannot be upgraded' },
  CARD_FIELD_INVALID: {
    status: 400,
    zh: '卡片数据字段无效',
    en: 'A card data field is not valid',
  },

  // Bindings and the agreement
  CARD_ALREADY_BOUND: {
    status: 409,
    zh: '该卡已被他人升级,如有疑问请联系客服 010-96066',
    en: 'This card is already upgraded by someone else; for help call 010-96066',
  },
  CARD_ALREADY_YOURS: { status: 409, zh: '您已升级过这张卡', en: 'You have already upgraded this card' },
  LIMIT_PHYSICAL_REACHED: {
    status: 409,
    zh: '每人只能升级一张实体卡,请先解除已升级实体卡的绑定',
    en: 'Each person can upgrade one physical card; unbind your upgraded physical card first',
  },
  LIMIT_NFC_REACHED: {
    status: 409,
    zh: '每人只能升级一张手机 NFC 卡,请先解除已升级 NFC 卡的绑定',
    en: 'Each person can upgrade one phone NFC card; unbind your upgraded NFC card first',
  },
  AGREEMENT_NOT_ACCEPTED: {
    status: 400,
    zh: '请阅读并同意《交通一卡通升级用户服务协议》',
    en: 'Please read and agree to the Transportation Card Upgrade User Service Agreement',
  },
  AGREEMENT_OUTDATED: {
    status: 409,
    zh: '《交通一卡通升级用户服务协议》已更新,请阅读并同意新版本',
    en: 'The Transportation Card Upgrade User Service Agreement has changed; please read and agree to the new version',
  },
  AGREEMENT_MISSING: {
    status: 503,
    zh: '服务协议尚未发布,暂时无法升级',
    en: 'No user service agreement has been published yet, so upgrades are not open',
  },
  AGREEMENT_VERSION_TAKEN: {
    status: 409,
    zh: '该协议版本号已存在',
    en: 'An agreement with this version number already exists',
  },
  BINDING_NOT_FOUND: {
    status: 404,
    zh: '未找到该升级记录',
    en: 'No such upgraded card among yours',
  },

  // Staff and operators
  STAFF_SIGN_IN_FAILED: {
    status: 401,
    zh: '用户名或密码不正确',
    en: 'The username or password is not correct',
  },
  ROLE_FORBIDDEN: {
    status: 403,
    zh: '您的账号无权进行此操作',
    en: 'Your account is not allowed to do this',
  },
  STAFF_SIGN_IN_LOCKED: {
    status: 429,
    zh: '密码错误次数过多,请 15 分钟后再试',
    en: 'Too many wrong passwords; please try again in 15 minutes',
  },
  STAFF_USERNAME_TAKEN: { status: 409, zh: '该用户名已被使用', en: 'This username is already taken' },
  STAFF_NOT_FOUND: { status: 404, zh: '没有该用户名的员工账号', en: 'No staff account has this username' },

  // Health feed and entry policy
  HEALTH_SIGNATURE_INVALID: {
    status: 401,
    zh: '健康数据推送签名无效或已过期',
    en: 'The health feed signature is missing, wrong or too old',
  },
  HEALTH_RECORD_INVALID: {
    status: 400,
    zh: '健康记录字段无效',
    en: 'A health record field is not valid',
  },
  HEALTH_TIME_ZONE_MISSING: {
    status: 400,
    zh: '健康记录时间须带时区偏移(如 +08:00 或 Z)',
    en: 'A health record time must name its zone offset (such as +08:00 or Z)',
  },
  POLICY_INVALID: {
    status: 400,
    zh: '通行规则无效',
    en: 'The entry policy is not valid',
  },
  POLICY_VERSION_TAKEN: {
    status: 409,
    zh: '通行规则版本号应大于当前所有版本',
    en: 'An entry policy version must be above every earlier one',
  },
  POLICY_REASON_REQUIRED: {
    status: 400,
    zh: '发布通行规则须填写原因',
    en: 'Give the reason for publishing the entry policy',
  },

  // Terminals and reader lists
  TERMINAL_AUTH_INVALID: {
    status: 401,
    zh: '读卡设备身份无效',
    en: 'The reader credentials are missing or not valid',
  },
  TERMINAL_REVOKED: {
    status: 403,
    zh: '该读卡设备已被停用',
    en: 'This reader has been revoked',
  },
  TERMINAL_NOT_FOUND: { status: 404, zh: '找不到该读卡设备', en: 'No such reader' },
  ENROLMENT_TOKEN_INVALID: {
    status: 401,
    zh: '设备注册码无效、已使用或已过期',
    en: 'The enrolment token is not valid, already used or expired',
  },
  LIST_NOT_FOUND: {
    status: 404,
    zh: '找不到该版本的名单文件',
    en: 'No reader list file for this version',
  },
  LIST_NOT_READY: {
    status: 503,
    expected: true,
    zh: '名单尚未生成,请稍后再试',
    en: 'No reader list has been built yet; try again shortly',
  },
  LIST_LINK_INVALID: {
    status: 401,
    zh: '名单文件链接无效;请使用读卡设备凭证,或同步计划给出的原始链接',
    en: 'This list file link is not valid; use reader credentials or the link exactly as the sync plan gave it',
  },
  LIST_LINK_EXPIRED: {
    status: 401,
    zh: '名单文件链接已过期;请重新获取同步计划',
    en: 'This list file link has expired; fetch the sync plan again for a current one',
  },
  TAP_BATCH_INVALID: {
    status: 400,
    zh: '刷卡记录批次无效',
    en: 'The tap record batch is not valid',
  },

  // Outgoing messages (the outbox on /ops)
  MESSAGE_NOT_FOUND: { status: 404, zh: '找不到该消息', en: 'No such message' },
  MESSAGE_NOT_FAILED: {
    status: 409,
    zh: '只能重发发送失败的消息:该消息仍在发送中、已发送或已过期',
    en: 'Only a message that failed can be retried: this one is still being sent, was sent, or has expired',
  },

  // Service desk and outlets
  TICKET_NOT_FOUND: { status: 404, zh: '找不到该客服工单', en: 'No such customer-service ticket' },
  TICKET_TRANSITION_INVALID: {
    status: 409,
    zh: '工单当前状态不能改为所选状态',
    en: 'The ticket cannot move from its current state to the one chosen',
  },
  TICKET_CLOSED: {
    status: 409,
    zh: '该工单已关闭,如仍有问题请新建工单',
    en: 'This ticket is closed; please open a new ticket if you still need help',
  },
  TICKET_ASSIGNEE_INVALID: {
    status: 400,
    zh: '只能将工单分配给在职客服',
    en: 'A ticket can only be assigned to an active customer-service agent',
  },
  TICKET_HOLDER_UNKNOWN: {
    status: 404,
    zh: '未找到使用该证件的用户',
    en: 'Nobody has signed in with this document',
  },
  LINK_INVALID: {
    status: 400,
    zh: '链接无效,请打开我们发送给您的原始链接',
    en: 'This link is not valid; please open the link exactly as we sent it',
  },
  LINK_EXPIRED: {
    status: 410,
    zh: '链接已过期;如仍需解除绑定,请再次联系客服',
    en: 'This link has expired; if you still want the card unbound, contact customer service again',
  },
  UNBIND_OUTLET_UNKNOWN: {
    status: 400,
    zh: '没有此编号的服务网点;请填写核验持卡人证件的网点编号',
    en: 'No outlet has this code; give the code of the outlet where the holder\'s document was checked',
  },
  UNBIND_NO_CONTACT: {
    status: 409,
    zh: '持卡人没有已验证的联系方式,无法发送确认链接;请持卡人携带证件到服务网点办理',
    en: 'The holder has no verified contact to send a confirmation link to; ask them to come to an outlet with their document',
  },
  TICKET_NO_HOLDER: {
    status: 409,
    zh: '该工单尚未关联持卡人,请先关联',
    en: 'This ticket is not linked to a card holder yet; link one first',
  },
  MAIL_SECRET_INVALID: {
    status: 401,
    zh: '邮件网关密钥无效',
    en: 'The mail gateway secret is missing or wrong',
  },
  OUTLET_FIELD_INVALID: {
    status: 400,
    zh: '服务网点数据字段无效',
    en: 'An outlet data field is not valid',
  },
  // Counters: station assistance and refunds at outlets
  POST_NOT_ASSIGNED: {
    status: 409,
    zh: '您的账号尚未设置所在车站或网点,请联系管理员',
    en: 'Your account has no station or outlet assigned; please ask an administrator',
  },
  ASSIST_CARD_NOT_ACTIVE: {
    status: 409,
    zh: '该卡已挂失、停用或退卡,不能协助通行',
    en: 'This card is lost, blocked or refunded: no assisted pass can be recorded for it',
  },
  REFUND_RULES_MISSING: { status: 503, zh: '退卡规则尚未发布,暂时无法退卡', en: 'No refund rules have been published yet, so refunds are not open' },
  REFUND_RULES_VERSION_TAKEN: {
    status: 409,
    zh: '退卡规则版本号应大于当前所有版本',
    en: 'A refund rules version must be above every earlier one',
  },
  REFUND_ALREADY_DONE: { status: 409, zh: '该卡已办理退卡', en: 'This card has already been refunded' },
  REFUND_GO_ELSEWHERE: {
    status: 409,
    zh: '此类卡片不能在服务网点退卡,请按提示到指定地点办理',
    en: 'Cards of this kind are not refunded at service outlets; see where to go',
  },
  REFUND_SELF_OPERATED_ONLY: {
    status: 409,
    zh: '此卡只能在一卡通自营网点退卡',
    en: 'This card can be refunded only at a Yikatong self-operated outlet',
  },
  REFUND_QUOTE_CHANGED: {
    status: 409,
    zh: '卡片信息或退卡规则已变化,请重新计算退款金额',
    en: 'The card or the refund rules changed since the quote; please compute the refund again',
  },
  // The outlet desk's contact change for a holder who lost theirs (services/desk/outlet-contact.ts).
  CONTACT_CHANGED_MEANWHILE: {
    status: 409,
    zh: '联系方式刚刚已被更改,请重新查看后再操作',
    en: 'The contact was changed at the same moment; look again and retry',
  },
  CONTACT_DOCUMENT_NOT_CHECKED: {
    status: 400,
    zh: '请先当面核验持卡人本人及其证件原件,并勾选确认',
    en: 'Check the holder and their original document in person first, and tick to confirm',
  },
  PERSON_NOT_FOUND: {
    status: 404,
    zh: '未找到使用该证件登录过的用户;首次登录时即可填写接收验证码的联系方式',
    en: 'Nobody has signed in with this document; a first sign-in asks where codes should go',
  },
} as const satisfies Record<string, Entry>;

export type ErrorCode = keyof typeof catalogue;

export const ERROR_CODES = Object.keys(catalogue) as ErrorCode[];

/** The catalogue entry for a code, e.g. `errorEntry('CARD_LOST').status === 409`. */
export function errorEntry(code: ErrorCode): Entry {
  return catalogue[code];
}

/**
 * A refusal the system meant to give: thrown by services, turned into a coded bilingual answer by http/.
 * @example throw new YktError('CARD_NOT_FOUND')
 */
export class YktError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, details?: Record<string, unknown>) {
    super(`${code}: ${catalogue[code].en}`);
    this.name = 'YktError';
    this.code = code;
    this.status = catalogue[code].status;
    this.details = details;
  }

  get text(): Message {
    const { zh, en } = catalogue[this.code];
    return { zh, en };
  }
}
