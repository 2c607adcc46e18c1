// Starts one desk page of the staff shell: language, API client with the shell's session, mount. Shared by
// the two bundle entries (main.ts for /staff, /outlet, /service; ../ops/main.ts for /ops, with uPlot).
import { applyLang, initialLang } from '../shared/i18n.ts';
import { deskApi } from './api.ts';
import { Desk, type DeskName, type DeskPage } from './desk.ts';
import { messages } from './messages.ts';

export function startDesk(name: DeskName, page: DeskPage): void {
  const lang = initialLang();
  applyLang(lang);
  const fallbacks = {
    network: { zh: messages.zh.networkError, en: messages.en.networkError },
    unexpected: { zh: messages.zh.unexpectedError, en: messages.en.unexpectedError },
  };
  // The API client reads the token from the desk it serves, made just below.
  let desk: Desk | undefined;
  const api = deskApi(fallbacks, () => desk?.token ?? null);
  desk = new Desk(name, api, page, lang);
  desk.mount(document.getElementById('root')!);
}
