// Starts one desk page of the staff shell: API client with the shell's session, mount (the shell opens in the
// remembered language). Shared by the two bundle entries (main.ts for /staff, /outlet, /service;
// ../ops/main.ts for /ops, with uPlot).
import { fallbacksFrom } from '../shared/api.ts';
import { deskApi } from './api.ts';
import { Desk, type DeskName, type DeskPage } from './desk.ts';
import { messages } from './messages.ts';

export function startDesk(name: DeskName, page: DeskPage): void {
  // The API client reads the token from the desk it serves (only once a request is made, so after this line).
  const desk: Desk = new Desk(name, deskApi(fallbacksFrom(messages), () => desk.token), page);
  desk.mount(document.getElementById('root')!);
}
