import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  DOCUMENT_LABELS,
  DOCUMENT_TYPES,
  channelFor,
  checkDocument,
  maskDocumentNumber,
  normalizeDocumentText,
  residenceCheckCharacter,
} from '../../src/domain/documents.ts';
import { ICAO_SPECIAL_CODES, ISO_3166_ALPHA3_CODES } from '../../src/domain/icao-states.ts';

// A fixed clock keeps the birth-date rules independent of the day the suite runs.
const NOW = new Date('2022-06-15T04:00:00Z');

function check(type: string, number: string, state?: string) {
  return checkDocument(state === undefined ? { type, number } : { type, number, state }, NOW);
}

function refusal(type: string, number: string, state?: string) {
  const verdict = check(type, number, state);
  return verdict.valid ? 'valid' : verdict.code;
}

/** A residence permit number with a correct check character. */
function residenceNumber(first17: string): string {
  return first17 + residenceCheckCharacter(first17);
}

describe('normalising document text', () => {
  test('turns full-width characters into ASCII', () => {
    assert.equal(normalizeDocumentText('Ｈ１２３４５６７８'), 'H12345678');
  });
  test('upper-cases letters', () => {
    assert.equal(normalizeDocumentText('m1234567890'), 'M1234567890');
  });
  test('removes surrounding and inner spaces, including the ideographic space', () => {
    assert.equal(normalizeDocumentText('  H1234\u30005678 \t'), 'H12345678');
    assert.equal(normalizeDocumentText(' g b r '), 'GBR');
  });
  test('is applied before a number is checked', () => {
    assert.deepEqual(check('hk-macao-permit', ' ｈ１２３４ ５６７８ '), {
      valid: true,
      document: { type: 'hk-macao-permit', number: 'H12345678' },
    });
  });
});

describe('unknown document types', () => {
  test('are refused with DOC_TYPE_UNKNOWN', () => {
    assert.equal(refusal('id-card', '110101199001011234'), 'DOC_TYPE_UNKNOWN');
    assert.equal(refusal('', 'H12345678'), 'DOC_TYPE_UNKNOWN');
  });
});

describe('the Mainland Travel Permit for Hong Kong and Macao Residents', () => {
  test('accepts H or M followed by 8 digits', () => {
    assert.equal(refusal('hk-macao-permit', 'H12345678'), 'valid');
    assert.equal(refusal('hk-macao-permit', 'M87654321'), 'valid');
  });
  test('accepts 10 digits when the reissue count is appended', () => {
    assert.equal(refusal('hk-macao-permit', 'H1234567801'), 'valid');
  });
  test('refuses another letter, 9 digits, 7 digits and no letter', () => {
    for (const number of ['X12345678', 'H123456789', 'H1234567', '12345678', 'H12345678901', 'H1234567A']) {
      assert.equal(refusal('hk-macao-permit', number), 'DOC_HK_MACAO_FORMAT', number);
    }
  });
  test('drops an issuing state given with it', () => {
    assert.deepEqual(check('hk-macao-permit', 'H12345678', 'CHN'), {
      valid: true,
      document: { type: 'hk-macao-permit', number: 'H12345678' },
    });
  });
});

describe('the Mainland Travel Permit for Taiwan Residents', () => {
  test('accepts 8 digits', () => {
    assert.equal(refusal('taiwan-permit', '12345678'), 'valid');
  });
  test('accepts the older 10-digit form', () => {
    assert.equal(refusal('taiwan-permit', '1234567890'), 'valid');
  });
  test('refuses 9 digits, 7 digits and letters', () => {
    for (const number of ['123456789', '1234567', 'T1234567', '12345678901', '']) {
      assert.equal(refusal('taiwan-permit', number), 'DOC_TAIWAN_FORMAT', number);
    }
  });
});

describe('the passport', () => {
  test('accepts 1 to 9 letters and digits with a known issuing state', () => {
    assert.deepEqual(check('passport', 'e1234567', ' gbr '), {
      valid: true,
      document: { type: 'passport', number: 'E1234567', state: 'GBR' },
    });
    assert.equal(refusal('passport', 'A', 'USA'), 'valid');
    assert.equal(refusal('passport', 'AB1234567', 'FRA'), 'valid');
  });
  test('refuses a number that is too long, empty or has symbols', () => {
    for (const number of ['AB12345678', '', 'E123-4567', 'E1234<<<', 'É1234567']) {
      assert.equal(refusal('passport', number, 'GBR'), 'DOC_PASSPORT_FORMAT', number);
    }
  });
  test('refuses a missing or blank issuing state', () => {
    assert.equal(refusal('passport', 'E1234567'), 'DOC_PASSPORT_STATE_MISSING');
    assert.equal(refusal('passport', 'E1234567', '  '), 'DOC_PASSPORT_STATE_MISSING');
  });
  test('accepts every ICAO special code, including D for Germany', () => {
    for (const state of ['D', 'GBD', 'GBN', 'GBO', 'GBP', 'GBS', 'RKS', 'UNA', 'UNK', 'UNO', 'XXA', 'XXB', 'XXC', 'XXX']) {
      assert.equal(refusal('passport', 'C01X00T47', state), 'valid', state);
    }
    assert.equal(ICAO_SPECIAL_CODES.length, 14);
  });
  test('accepts every one of the 249 ISO 3166-1 alpha-3 codes', () => {
    assert.equal(new Set(ISO_3166_ALPHA3_CODES).size, 249);
    for (const state of ISO_3166_ALPHA3_CODES) assert.equal(refusal('passport', 'E1234567', state), 'valid', state);
  });
  test('accepts a full-width, lower-case issuing state', () => {
    assert.equal(refusal('passport', 'E1234567', 'ｃｈｎ'), 'valid');
  });
  test('refuses an unknown issuing state', () => {
    for (const state of ['ZZZ', 'GB', 'UK', 'ANT', 'GBRR', '826']) {
      assert.equal(refusal('passport', 'E1234567', state), 'DOC_PASSPORT_STATE_UNKNOWN', state);
    }
  });
});

describe('the Residence Permit for Hong Kong, Macao and Taiwan Residents', () => {
  test('accepts a number from each of Hong Kong, Macao and Taiwan with its computed check character', () => {
    for (const region of ['810000', '820000', '830000']) {
      const number = residenceNumber(`${region}19900101123`);
      assert.deepEqual(check('residence-permit', number), { valid: true, document: { type: 'residence-permit', number } });
    }
  });
  test('accepts an X check character, lower-case or not', () => {
    // Search sequence numbers for one whose check character is X, so the test does not rely on a magic number.
    const first17 = Array.from({ length: 1000 }, (_, i) => `81000019850612${String(i).padStart(3, '0')}`).find(
      (digits) => residenceCheckCharacter(digits) === 'X',
    );
    assert.ok(first17);
    assert.equal(refusal('residence-permit', `${first17}X`), 'valid');
    assert.equal(refusal('residence-permit', `${first17}x`), 'valid');
  });
  test('computes the check character of the GB 11643 example number', () => {
    // The worked example of GB 11643-1999: 11010519491231002X.
    assert.equal(residenceCheckCharacter('11010519491231002'), 'X');
  });
  test('refuses a wrong check character', () => {
    const number = residenceNumber('82000020000229456');
    const wrong = number.slice(0, 17) + (number[17] === '0' ? '1' : '0');
    assert.equal(refusal('residence-permit', wrong), 'DOC_RESIDENCE_CHECK');
  });
  test('refuses a number of the wrong length or with letters', () => {
    for (const number of ['81000019900101123', '8100001990010112345', '81000019900101123A', 'X10000199001011234']) {
      assert.equal(refusal('residence-permit', number), 'DOC_RESIDENCE_FORMAT', number);
    }
  });
  test('refuses a mainland region such as 110000', () => {
    assert.equal(refusal('residence-permit', residenceNumber('11000019900101123')), 'DOC_RESIDENCE_REGION');
  });
  test('refuses a bad region before a bad check character', () => {
    const number = residenceNumber('11000019900101123');
    const wrong = number.slice(0, 17) + (number[17] === '0' ? '1' : '0');
    assert.equal(refusal('residence-permit', wrong), 'DOC_RESIDENCE_REGION');
  });
  test('refuses impossible birth dates: 30 February, 29 February 2001, month 13, day 0, 31 April', () => {
    for (const date of ['19990230', '20010229', '19901301', '19900100', '19900431', '19000229']) {
      assert.equal(refusal('residence-permit', residenceNumber(`830000${date}123`)), 'DOC_RESIDENCE_BIRTH_DATE', date);
    }
  });
  test('accepts 29 February 2000, a leap year', () => {
    assert.equal(refusal('residence-permit', residenceNumber('83000020000229123')), 'valid');
  });
  test('refuses a birth date before 1900', () => {
    assert.equal(refusal('residence-permit', residenceNumber('81000018991231123')), 'DOC_RESIDENCE_BIRTH_DATE');
    assert.equal(refusal('residence-permit', residenceNumber('81000019000101123')), 'valid');
  });
  test('refuses a birth date after today in Beijing, and accepts today', () => {
    assert.equal(refusal('residence-permit', residenceNumber('81000020220616123')), 'DOC_RESIDENCE_BIRTH_DATE');
    assert.equal(refusal('residence-permit', residenceNumber('81000020220615123')), 'valid');
    // 16:30 UTC on the 15th is already the 16th in Beijing (UTC+8).
    const lateEvening = new Date('2022-06-15T16:30:00Z');
    const verdict = checkDocument({ type: 'residence-permit', number: residenceNumber('81000020220616123') }, lateEvening);
    assert.equal(verdict.valid, true);
  });
  test('refuses a bad birth date before a bad check character', () => {
    const number = residenceNumber('81000019990230123');
    const wrong = number.slice(0, 17) + (number[17] === '0' ? '1' : '0');
    assert.equal(refusal('residence-permit', wrong), 'DOC_RESIDENCE_BIRTH_DATE');
  });
  test('refuses to compute a check character from anything but 17 digits', () => {
    assert.throws(() => residenceCheckCharacter('8100001990010112'), RangeError);
    assert.throws(() => residenceCheckCharacter('8100001990010112X'), RangeError);
  });
});

describe('channels', () => {
  test('send residence permit holders to the app and everyone else to the Health Kit applet', () => {
    assert.equal(channelFor('residence-permit'), 'app');
    assert.equal(channelFor('hk-macao-permit'), 'kit');
    assert.equal(channelFor('taiwan-permit'), 'kit');
    assert.equal(channelFor('passport'), 'kit');
  });
});

describe('labels', () => {
  test('name every document type in Chinese and English', () => {
    for (const type of DOCUMENT_TYPES) {
      assert.ok(DOCUMENT_LABELS[type].zh.length > 0, type);
      assert.ok(DOCUMENT_LABELS[type].en.length > 0, type);
    }
    assert.equal(DOCUMENT_LABELS['hk-macao-permit'].zh, '港澳居民来往内地通行证');
  });
});

describe('masking a document number', () => {
  test('keeps the first 2 and last 2 characters and stars the rest', () => {
    assert.equal(maskDocumentNumber('H12345678'), 'H1*****78');
    assert.equal(maskDocumentNumber('810000199001011234'), '81**************34');
  });
  test('always puts at least one star between', () => {
    assert.equal(maskDocumentNumber('AB1CD'), 'AB*CD');
  });
  test('keeps only the last character of a very short number', () => {
    assert.equal(maskDocumentNumber('A123'), '***3');
    assert.equal(maskDocumentNumber('AB'), '*B');
  });
  test('shows a one-character number as a single star', () => {
    assert.equal(maskDocumentNumber('A'), '*');
  });
});
