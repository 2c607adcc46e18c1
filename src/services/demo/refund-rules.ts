// The refund rules the demo publishes as version 1. Figures are illustrative, in the shape Beijing outlets
// used in 2022: the CNY 20 deposit back, the balance back less a small fee by band, a damaged-card fee, and
// large balances, unreadable chips and some products only at the card company's own outlets.
import type { RefundRules } from '../../domain/refunds.ts';

export const DEMO_REFUND_RULES: RefundRules = {
  version: 1,
  returnDeposit: true,
  withdrawalFees: [
    { upToFen: 5_000, feeFen: 0, permille: 0 },
    { upToFen: 20_000, feeFen: 100, permille: 0 },
    { upToFen: null, feeFen: 200, permille: 5 },
  ],
  damagedCardFeeFen: 1_000,
  selfOperatedAboveFen: 50_000,
  products: {
    commemorative: {
      where: 'self-operated',
      text: { zh: '纪念卡仅在一卡通自营网点退卡', en: 'Commemorative cards are refunded only at Yikatong self-operated outlets' },
    },
    't-union': {
      where: 'elsewhere',
      text: {
        zh: '交通联合卡请到发卡机构办理退卡(卡背面印有发卡机构名称);北京发行的交通联合卡请到一卡通自营网点',
        en: 'China T-Union cards are refunded by their issuer (named on the back of the card); those issued in Beijing at Yikatong self-operated outlets',
      },
    },
    'mobile-nfc': {
      where: 'elsewhere',
      text: {
        zh: '手机一卡通请在手机钱包或"北京一卡通"APP 中办理退卡',
        en: 'Phone NFC cards are refunded in the phone wallet or the Beijing Yikatong app',
      },
    },
  },
};
