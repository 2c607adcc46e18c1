// The landing page's texts, in Simplified Chinese and English under the same keys.
import type { MessageTable } from '../shared/i18n.ts';

const zh = {
  title: '交通一卡通升级',
  intro: '升级后,交通一卡通与您的健康码身份绑定:刷卡乘车时同步核验健康码,无需向工作人员出示手机。服务面向港澳台同胞和外籍人士。',
  kitTitle: 'Health Kit(健康宝)· 交通一卡通升级',
  kitText: '持港澳居民来往内地通行证、台湾居民来往大陆通行证或护照的用户',
  appTitle: '北京一卡通 APP',
  appText: '持港澳台居民居住证的用户',
  outletsTitle: '服务网点',
  outletsText: '退卡、充值、售卡:查找离您最近、正在营业的网点',
  docsTitle: '接口文档(API)',
  docsText: '供开发者使用的 OpenAPI 接口说明',
  pagesLabel: '页面',
  notUpgraded: '未升级的交通一卡通仍可正常使用:乘车前向工作人员出示有效健康码即可。',
  help: '客服:北京一卡通 APP 在线客服、邮箱 96066@bmac.com.cn、热线 010-96066',
};

const en: Record<keyof typeof zh, string> = {
  title: 'Transportation Card Upgrade',
  intro: 'Once upgraded, your Yikatong card is bound to your health-code identity: your health code is checked when you tap, and you need not show your phone to staff. For compatriots from Hong Kong, Macao and Taiwan and foreign nationals.',
  kitTitle: 'Health Kit · Transportation Card Upgrade',
  kitText: 'For holders of a Mainland Travel Permit for Hong Kong and Macao Residents, a Mainland Travel Permit for Taiwan Residents or a passport',
  appTitle: 'Beijing Yikatong app',
  appText: 'For holders of a Residence Permit for Hong Kong, Macao and Taiwan Residents',
  outletsTitle: 'Service outlets',
  outletsText: 'Refunds, top-ups and card sales: find an outlet near you that is open now',
  docsTitle: 'API documentation',
  docsText: 'The OpenAPI reference, for developers',
  pagesLabel: 'Pages',
  notUpgraded: 'A card that is not upgraded still works: show a valid health code to staff before you ride.',
  help: 'Customer service: online in the Beijing Yikatong app, 96066@bmac.com.cn, hotline 010-96066',
};

export type LandingKey = keyof typeof zh;
export const messages: MessageTable<LandingKey> = { zh, en };
