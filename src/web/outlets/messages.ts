// Every text of the outlet finder (/outlets), in Simplified Chinese and English, under the same keys.
// District, service and card names come from the domain (src/domain/outlets.ts, cards.ts).
import type { MessageTable } from '../shared/i18n.ts';

const zh = {
  title: '服务网点',
  subtitle: '北京市政交通一卡通',
  intro: '一卡通退卡、充值、售卡在服务网点办理。大额余额和芯片无法读取的卡片,只能在自营客服中心办理退卡。',
  search: '搜索网点',
  searchHint: '网点名称、地铁站或地址,如"西直门"',
  district: '区',
  allDistricts: '全部区',
  districtOption: '{name}({count} 个)',
  selfOnly: '只看自营客服中心(可办理大额及坏卡退卡)',
  searchButton: '搜索',
  results: '找到 {count} 个网点',
  noResults: '没有符合条件的网点。请换个关键词,或选择"全部区"。',
  selfOperated: '自营',
  hours: '营业时间:',
  phone: '电话:',
  station: '地铁站:',
  services: '业务:',
  cardKinds: '可退卡种:',
  map: '在地图中查看',
  backToHelp: '返回常见问题与帮助',
  loading: '加载中…',
  networkError: '网络连接失败,请检查网络后重试',
  unexpectedError: '系统繁忙,请稍后再试',
};

const en: Record<keyof typeof zh, string> = {
  title: 'Service outlets',
  subtitle: 'Beijing Yikatong',
  intro: 'Card refunds, top-ups and sales are handled at service outlets. Large balances and cards whose chip cannot be read are refunded only at self-operated customer service centres.',
  search: 'Search outlets',
  searchHint: 'Outlet name, metro station or address, such as "Xizhimen"',
  district: 'District',
  allDistricts: 'All districts',
  districtOption: '{name} ({count})',
  selfOnly: 'Self-operated centres only (large-balance and damaged-card refunds)',
  searchButton: 'Search',
  results: 'Outlets found: {count}',
  noResults: 'No outlet matches. Try other words, or choose All districts.',
  selfOperated: 'Self-operated',
  hours: 'Opening hours: ',
  phone: 'Phone: ',
  station: 'Metro station: ',
  services: 'Services: ',
  cardKinds: 'Cards refunded: ',
  map: 'Show on a map',
  backToHelp: 'Back to questions and help',
  loading: 'Loading…',
  networkError: 'Could not reach the network; please check your connection and try again',
  unexpectedError: 'Something went wrong on our side; please try again later',
};

export type OutletMessageKey = keyof typeof zh;
export const messages: MessageTable<OutletMessageKey> = { zh, en };
