// Links from notices open the page at '#/unbind/<token>' or '#/reminders-off/<token>': the token stays after
// the '#', so it never reaches a server log.

export interface LinkAction {
  do: 'unbind' | 'reminders-off';
  token: string;
}

/** The link in the address, if the page was opened from one. */
export function linkFromHash(hash: string): LinkAction | null {
  const match = /^#\/?(unbind|reminders-off)\/([A-Za-z0-9_.-]{1,1000})$/.exec(hash);
  return match ? { do: match[1] as LinkAction['do'], token: match[2]! } : null;
}
