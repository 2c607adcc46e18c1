// The upgrade rules (DESIGN §4 rules 1 and 2) as one pure decision, so that the service, the staff-assisted
// flow and the tests share one reading of them. The database holds rule 1 again with unique indexes.
import { cardStateRefusal, type CardState, type Medium } from './cards.ts';
import type { ErrorCode } from './errors.ts';

export interface UpgradeFacts {
  personId: number;
  medium: Medium;
  card: { medium: Medium; state: CardState };
  /** Who holds the card's active binding now, if anyone. */
  cardHolderId: number | null;
  /** Whether the person already has an active binding of this medium. */
  personHasMedium: boolean;
  currentAgreement: number | null;
  acceptedAgreement: number | null;
}

/**
 * The first rule an upgrade breaks, or null when it may go ahead.
 * @example refuseUpgrade({ ...facts, cardHolderId: 7, personId: 7 }) === 'CARD_ALREADY_YOURS'
 */
export function refuseUpgrade(f: UpgradeFacts): ErrorCode | null {
  if (f.currentAgreement === null) return 'AGREEMENT_MISSING';
  if (f.acceptedAgreement === null) return 'AGREEMENT_NOT_ACCEPTED';
  if (f.acceptedAgreement !== f.currentAgreement) return 'AGREEMENT_OUTDATED';
  const stateRefusal = cardStateRefusal(f.card.state);
  if (stateRefusal) return stateRefusal;
  if (f.card.medium !== f.medium) return 'CARD_MEDIUM_MISMATCH';
  if (f.cardHolderId === f.personId) return 'CARD_ALREADY_YOURS';
  if (f.cardHolderId !== null) return 'CARD_ALREADY_BOUND';
  if (f.personHasMedium) return f.medium === 'physical' ? 'LIMIT_PHYSICAL_REACHED' : 'LIMIT_NFC_REACHED';
  return null;
}
