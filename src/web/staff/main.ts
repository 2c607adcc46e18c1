// The desktop staff pages' entry: one bundle serves /staff, /outlet and /service; <html data-desk> says which.
import { applyLang, initialLang } from '../shared/i18n.ts';
import { deskApi } from './api.ts';
import { Desk, type DeskName, type DeskPage } from './desk.ts';
import { messages } from './messages.ts';
import { outletPage } from './pages/outlet.ts';
import { servicePage } from './pages/service.ts';
import { stationPage } from './pages/station.ts';

// /ops has its own entry (pages/ops-main.ts), so that uPlot ships with it alone.
const PAGES: Record<Exclude<DeskName, 'ops'>, DeskPage> = { staff: stationPage, outlet: outletPage, service: servicePage };

const requested = document.documentElement.dataset.desk;
const name: Exclude<DeskName, 'ops'> = requested === 'outlet' || requested === 'service' ? requested : 'staff';
const lang = initialLang();
applyLang(lang);
const fallbacks = {
  network: { zh: messages.zh.networkError, en: messages.en.networkError },
  unexpected: { zh: messages.zh.unexpectedError, en: messages.en.unexpectedError },
};
let desk: Desk | undefined;
const api = deskApi(fallbacks, () => desk?.token ?? null);
desk = new Desk(name, api, PAGES[name], lang);
desk.mount(document.getElementById('root')!);
