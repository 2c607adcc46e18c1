// The holder pages' entry: one bundle serves /kit and /app; <html data-channel> says which. A page the
// OpenID provider sent back takes its sign-in's outcome first.
import { fallbacksFrom } from '../shared/api.ts';
import { App, type Route, type Screen } from './app.ts';
import { holderApi } from './api.ts';
import { isChannel } from './channels.ts';
import { messages } from './messages.ts';
import { finishProviderSignIn } from './provider-sign-in.ts';
import { cardsScreen } from './screens/cards.ts';
import { contactScreen } from './screens/contact.ts';
import { dataScreen } from './screens/data.ts';
import { doneScreen } from './screens/done.ts';
import { helpScreen } from './screens/help.ts';
import { linkScreen } from './screens/link.ts';
import { noticesScreen } from './screens/notices.ts';
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
  notices: noticesScreen,
  link: linkScreen,
  contact: contactScreen,
};

const channelName = document.documentElement.dataset.channel;
const channel = isChannel(channelName) ? channelName : 'kit';
const app = new App(channel, holderApi(channel, fallbacksFrom(messages)), SCREENS);
void finishProviderSignIn(app).then((notice) => app.mount(document.getElementById('root')!, notice));
