// What differs between the two holder channels. Everything else is one flow (STYLE 6: reuse, do not copy).
import { DOCUMENT_TYPES, type DocumentType } from '../../domain/documents.ts';
import type { Channel } from './api.ts';
import type { MessageKey } from './messages.ts';

export interface ChannelInfo {
  title: MessageKey;
  subtitle: MessageKey;
  intro: MessageKey;
  /** The page a person of this channel uses, where the other channel sends them. */
  page: string;
  /** Picker order: this channel's own documents first, the other channel's last (it shows where to go). */
  documents: readonly DocumentType[];
}

const own = (first: DocumentType[]): DocumentType[] => [...first, ...DOCUMENT_TYPES.filter((t) => !first.includes(t))];

export const CHANNELS: Record<Channel, ChannelInfo> = {
  kit: { title: 'titleKit', subtitle: 'subtitleKit', intro: 'signInIntroKit', page: '/kit', documents: own(['hk-macao-permit', 'taiwan-permit', 'passport']) },
  app: { title: 'titleApp', subtitle: 'subtitleApp', intro: 'signInIntroApp', page: '/app', documents: own(['residence-permit']) },
};

export function isChannel(value: string | undefined): value is Channel {
  return value === 'kit' || value === 'app';
}
