// The /ops entry: the staff shell with the operators' page, bundled on its own so that uPlot ships with /ops
// only. The same start as main.ts, for one page.
import { applyLang, initialLang } from '../../shared/i18n.ts';
import { deskApi } from '../api.ts';
import { Desk } from '../desk.ts';
import { messages } from '../messages.ts';
import { opsPage } from './ops.ts';

const lang = initialLang();
applyLang(lang);
const fallbacks = {
  network: { zh: messages.zh.networkError, en: messages.en.networkError },
  unexpected: { zh: messages.zh.unexpectedError, en: messages.en.unexpectedError },
};
let desk: Desk | undefined;
const api = deskApi(fallbacks, () => desk?.token ?? null);
desk = new Desk('ops', api, opsPage, lang);
desk.mount(document.getElementById('root')!);
