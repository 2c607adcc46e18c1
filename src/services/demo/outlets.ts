// The demo's service outlets: customer-service points in metro stations and railway hubs across Beijing's
// districts. Names and places are plausible, not the operator's real list; a real deployment loads its own
// with `ykt import outlets FILE`. Self-operated centres (自营) are the only ones that refund large balances
// and cards whose chip cannot be read.
import type { OutletInput } from '../../domain/outlets.ts';

const SELF = {
  selfOperated: true,
  hours: { zh: '每日 7:00–20:00', en: 'Daily 7:00–20:00' },
  opening: 'Mo-Su 07:00-20:00',
  phone: '010-96066',
  services: ['sale', 'top-up', 'refund', 'refund-large', 'repair', 'invoice'],
  cardKinds: ['ordinary', 'student', 'concession', 't-union', 'commemorative'],
};
const PARTNER = {
  selfOperated: false,
  hours: { zh: '每日 9:00–17:00(节假日照常)', en: 'Daily 9:00–17:00 (open on public holidays)' },
  opening: 'Mo-Su 09:00-17:00',
  phone: null,
  services: ['sale', 'top-up', 'refund'],
  cardKinds: ['ordinary', 't-union'],
};

type Row = [id: string, kind: typeof SELF | typeof PARTNER, district: string, station: [string, string], address: [string, string], lat: number, lng: number];

const ROWS: Row[] = [
  ['BJ-DZM', SELF, 'dongcheng', ['东直门', 'Dongzhimen'], ['东城区东直门外大街东直门交通枢纽地下一层', 'B1, Dongzhimen Transport Hub, Dongzhimenwai Street, Dongcheng'], 39.9413, 116.4338],
  ['BJ-BJZ', SELF, 'dongcheng', ['北京站', 'Beijing Railway Station'], ['东城区毛家湾胡同甲 13 号地铁 2 号线北京站站厅', 'Line 2 concourse, Beijing Railway Station, 13A Maojiawan Hutong, Dongcheng'], 39.9045, 116.4272],
  ['BJ-WFJ', PARTNER, 'dongcheng', ['王府井', 'Wangfujing'], ['东城区东长安街地铁 1 号线王府井站 C 口内', 'Inside exit C, Wangfujing station (Line 1), East Chang\'an Avenue, Dongcheng'], 39.9079, 116.4115],
  ['BJ-XZM', SELF, 'xicheng', ['西直门', 'Xizhimen'], ['西城区西直门外大街地铁西直门站 2 号线与 13 号线换乘通道', 'Line 2 / Line 13 transfer passage, Xizhimen station, Xizhimenwai Street, Xicheng'], 39.9405, 116.3555],
  ['BJ-XD', PARTNER, 'xicheng', ['西单', 'Xidan'], ['西城区西单北大街地铁 1 号线西单站 F 口内', 'Inside exit F, Xidan station (Line 1), Xidan North Street, Xicheng'], 39.9077, 116.3743],
  ['BJ-GM', PARTNER, 'chaoyang', ['国贸', 'Guomao'], ['朝阳区建国门外大街地铁国贸站 1 号线站厅', 'Line 1 concourse, Guomao station, Jianguomenwai Street, Chaoyang'], 39.9087, 116.4594],
  ['BJ-SYQ', PARTNER, 'chaoyang', ['三元桥', 'Sanyuanqiao'], ['朝阳区北三环东路地铁三元桥站 10 号线站厅', 'Line 10 concourse, Sanyuanqiao station, North 3rd Ring Road East, Chaoyang'], 39.9612, 116.4563],
  ['BJ-WJ', PARTNER, 'chaoyang', ['望京', 'Wangjing'], ['朝阳区望京西路地铁望京站 14 号线站厅', 'Line 14 concourse, Wangjing station, Wangjing West Road, Chaoyang'], 39.9984, 116.4696],
  ['BJ-HMC', SELF, 'chaoyang', ['呼家楼', 'Hujialou'], ['朝阳区东三环中路地铁呼家楼站 6 号线与 10 号线换乘厅', 'Line 6 / Line 10 transfer hall, Hujialou station, East 3rd Ring Road Middle, Chaoyang'], 39.9233, 116.4613],
  ['BJ-ZGC', SELF, 'haidian', ['中关村', 'Zhongguancun'], ['海淀区中关村大街地铁 4 号线中关村站 A 口内', 'Inside exit A, Zhongguancun station (Line 4), Zhongguancun Street, Haidian'], 39.9838, 116.3163],
  ['BJ-WDK', PARTNER, 'haidian', ['五道口', 'Wudaokou'], ['海淀区成府路地铁 13 号线五道口站站厅', 'Concourse, Wudaokou station (Line 13), Chengfu Road, Haidian'], 39.9925, 116.3379],
  ['BJ-DWY', PARTNER, 'haidian', ['动物园', 'Beijing Zoo'], ['海淀区西直门外大街地铁 4 号线动物园站 D 口内', 'Inside exit D, Beijing Zoo station (Line 4), Xizhimenwai Street, Haidian'], 39.9388, 116.3391],
  ['BJ-BJX', SELF, 'fengtai', ['北京西站', 'Beijing West Railway Station'], ['丰台区莲花池东路 118 号地铁北京西站 9 号线站厅', 'Line 9 concourse, Beijing West Railway Station, 118 Lianhuachi East Road, Fengtai'], 39.8949, 116.3215],
  ['BJ-BJN', SELF, 'fengtai', ['北京南站', 'Beijing South Railway Station'], ['丰台区永外大街车站路 12 号地铁北京南站 4 号线站厅', 'Line 4 concourse, Beijing South Railway Station, 12 Chezhan Road, Fengtai'], 39.8652, 116.3786],
  ['BJ-SJZ', PARTNER, 'fengtai', ['宋家庄', 'Songjiazhuang'], ['丰台区石榴园北路地铁宋家庄站 5 号线站厅', 'Line 5 concourse, Songjiazhuang station, Shiliuyuan North Road, Fengtai'], 39.8460, 116.4285],
  ['BJ-PGY', SELF, 'shijingshan', ['苹果园', 'Pingguoyuan'], ['石景山区苹果园南路地铁苹果园站 1 号线与 6 号线换乘厅', 'Line 1 / Line 6 transfer hall, Pingguoyuan station, Pingguoyuan South Road, Shijingshan'], 39.9265, 116.1777],
  ['BJ-TZBY', PARTNER, 'tongzhou', ['通州北苑', 'Tongzhou Beiyuan'], ['通州区新华西街地铁八通线通州北苑站站厅', 'Concourse, Tongzhou Beiyuan station (Batong line), Xinhua West Street, Tongzhou'], 39.9030, 116.6473],
  ['BJ-TTY', PARTNER, 'changping', ['天通苑', 'Tiantongyuan'], ['昌平区立汤路地铁 5 号线天通苑站站厅', 'Concourse, Tiantongyuan station (Line 5), Litang Road, Changping'], 40.0749, 116.4128],
  ['BJ-HC', PARTNER, 'daxing', ['黄村火车站', 'Huangcun Railway Station'], ['大兴区兴华大街地铁大兴线黄村火车站站厅', 'Concourse, Huangcun Railway Station (Daxing line), Xinghua Street, Daxing'], 39.7277, 116.3273],
  ['BJ-LXDXC', PARTNER, 'fangshan', ['良乡大学城', 'Liangxiang University Town'], ['房山区长于大街地铁房山线良乡大学城站站厅', 'Concourse, Liangxiang University Town station (Fangshan line), Changyu Street, Fangshan'], 39.7350, 116.1822],
  ['BJ-SY', PARTNER, 'shunyi', ['顺义', 'Shunyi'], ['顺义区府前东街地铁 15 号线顺义站站厅', 'Concourse, Shunyi station (Line 15), Fuqian East Street, Shunyi'], 40.1305, 116.6560],
];

/** The demo outlets, in the JSON import shape (docs/service-desk.md). */
export const DEMO_OUTLETS: OutletInput[] = ROWS.map(([id, kind, district, station, address, lat, lng]) => ({
  id,
  name: {
    zh: `${station[0]}${kind.selfOperated ? '客服中心(自营)' : '服务网点'}`,
    en: `${station[1]} ${kind.selfOperated ? 'Customer Service Centre (self-operated)' : 'Service Point'}`,
  },
  address: { zh: `北京市${address[0]}`, en: `${address[1]}, Beijing` },
  district,
  station: { zh: station[0], en: station[1] },
  lat,
  lng,
  ...kind,
}));
