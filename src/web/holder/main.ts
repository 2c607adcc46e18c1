// The holder pages' entry: one bundle serves /kit and /app; <html data-channel> says which.
import { initialLang, applyLang } from '../shared/i18n.ts';
import { App, type Route, type Screen } from './app.ts';
import { holderApi } from './api.ts';
import { isChannel } from './channels.ts';
import { messages } from './messages.ts';
import { cardsScreen } from './screens/cards.ts';
import { dataScreen } from './screens/data.ts';
import { doneScreen } from './screens/done.ts';
import { helpScreen } from './screens/help.ts';
import { signInScreen } from './screens/signin.ts';
import { tapsScreen } from './screens/taps.ts';
import { ticketScreen } from './screens/ticket.ts';
import { ticketsScreen } from './screens/tickets.ts';
import { upgradeScreen } from './screens/upgrade.ts';

const SCREENS: Record<Route, Screen> = {
  signin: signInScreen,
  cards: cardsScreen,
  upgrade: upgradeScreen,
  done: doneScreen,
  data: dataScreen,
  help: helpScreen,
  taps: tapsScreen,
  tickets: ticketsScreen,
  ticket: ticketScreen,
};

const channelName = document.documentElement.dataset.channel;
const channel = isChannel(channelName) ? channelName : 'kit';
const lang = initialLang();
applyLang(lang);
const fallbacks = {
  network: { zh: messages.zh.networkError, en: messages.en.networkError },
  unexpected: { zh: messages.zh.unexpectedError, en: messages.en.unexpectedError },
};
new App(channel, holderApi(channel, fallbacks), SCREENS, lang).mount(document.getElementById('root')!);
