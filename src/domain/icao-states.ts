// The issuing-state codes a passport may carry, as ICAO Doc 9303 Part 3 defines them: every ISO 3166-1
// alpha-3 code, plus the few codes ICAO adds for documents that no ISO country issues. Kept apart from
// documents.ts because it is data, not rules.

// ISO 3166-1 alpha-3, the 249 officially assigned codes, in alphabetical order so a missing one is easy to spot.
const ISO_3166_ALPHA3 = [
  'ABW', 'AFG', 'AGO', 'AIA', 'ALA', 'ALB', 'AND', 'ARE', 'ARG', 'ARM', 'ASM', 'ATA', 'ATF', 'ATG', 'AUS', 'AUT',
  'AZE',
  'BDI', 'BEL', 'BEN', 'BES', 'BFA', 'BGD', 'BGR', 'BHR', 'BHS', 'BIH', 'BLM', 'BLR', 'BLZ', 'BMU', 'BOL', 'BRA',
  'BRB', 'BRN', 'BTN', 'BVT', 'BWA',
  'CAF', 'CAN', 'CCK', 'CHE', 'CHL', 'CHN', 'CIV', 'CMR', 'COD', 'COG', 'COK', 'COL', 'COM', 'CPV', 'CRI', 'CUB',
  'CUW', 'CXR', 'CYM', 'CYP', 'CZE',
  'DEU', 'DJI', 'DMA', 'DNK', 'DOM', 'DZA',
  'ECU', 'EGY', 'ERI', 'ESH', 'ESP', 'EST', 'ETH',
  'FIN', 'FJI', 'FLK', 'FRA', 'FRO', 'FSM',
  'GAB', 'GBR', 'GEO', 'GGY', 'GHA', 'GIB', 'GIN', 'GLP', 'GMB', 'GNB', 'GNQ', 'GRC', 'GRD', 'GRL', 'GTM', 'GUF',
  'GUM', 'GUY',
  'HKG', 'HMD', 'HND', 'HRV', 'HTI', 'HUN',
  'IDN', 'IMN', 'IND', 'IOT', 'IRL', 'IRN', 'IRQ', 'ISL', 'ISR', 'ITA',
  'JAM', 'JEY', 'JOR', 'JPN',
  'KAZ', 'KEN', 'KGZ', 'KHM', 'KIR', 'KNA', 'KOR', 'KWT',
  'LAO', 'LBN', 'LBR', 'LBY', 'LCA', 'LIE', 'LKA', 'LSO', 'LTU', 'LUX', 'LVA',
  'MAC', 'MAF', 'MAR', 'MCO', 'MDA', 'MDG', 'MDV', 'MEX', 'MHL', 'MKD', 'MLI', 'MLT', 'MMR', 'MNE', 'MNG', 'MNP',
  'MOZ', 'MRT', 'MSR', 'MTQ', 'MUS', 'MWI', 'MYS', 'MYT',
  'NAM', 'NCL', 'NER', 'NFK', 'NGA', 'NIC', 'NIU', 'NLD', 'NOR', 'NPL', 'NRU', 'NZL',
  'OMN',
  'PAK', 'PAN', 'PCN', 'PER', 'PHL', 'PLW', 'PNG', 'POL', 'PRI', 'PRK', 'PRT', 'PRY', 'PSE', 'PYF',
  'QAT',
  'REU', 'ROU', 'RUS', 'RWA',
  'SAU', 'SDN', 'SEN', 'SGP', 'SGS', 'SHN', 'SJM', 'SLB', 'SLE', 'SLV', 'SMR', 'SOM', 'SPM', 'SRB', 'SSD', 'STP',
  'SUR', 'SVK', 'SVN', 'SWE', 'SWZ', 'SXM', 'SYC', 'SYR',
  'TCA', 'TCD', 'TGO', 'THA', 'TJK', 'TKL', 'TKM', 'TLS', 'TON', 'TTO', 'TUN', 'TUR', 'TUV', 'TWN', 'TZA',
  'UGA', 'UKR', 'UMI', 'URY', 'USA', 'UZB',
  'VAT', 'VCT', 'VEN', 'VGB', 'VIR', 'VNM', 'VUT',
  'WLF', 'WSM',
  'YEM',
  'ZAF', 'ZMB', 'ZWE',
] as const;

// Codes ICAO 9303 Part 3 uses beyond ISO 3166-1. 'D' is how German passports write Germany in the MRZ.
export const ICAO_SPECIAL_CODES = [
  'D', // Germany
  'GBD', // British Overseas Territories Citizen
  'GBN', // British National (Overseas)
  'GBO', // British Overseas Citizen
  'GBP', // British Protected Person
  'GBS', // British Subject
  'RKS', // Kosovo
  'UNA', // specialised agency of the United Nations
  'UNK', // resident of Kosovo, document issued by UNMIK
  'UNO', // United Nations Organization
  'XXA', // stateless person (1954 Convention)
  'XXB', // refugee (1951 Convention)
  'XXC', // refugee, other than under the 1951 Convention
  'XXX', // person of unspecified nationality
] as const;

/** Every ISO 3166-1 alpha-3 code, e.g. `ISO_3166_ALPHA3_CODES.includes('GBR')`. */
export const ISO_3166_ALPHA3_CODES: readonly string[] = ISO_3166_ALPHA3;

const ICAO_STATES: ReadonlySet<string> = new Set<string>([...ISO_3166_ALPHA3, ...ICAO_SPECIAL_CODES]);

/**
 * Whether a (normalised) code is an issuing state a passport may name.
 * @example isIcaoStateCode('GBR') === true; isIcaoStateCode('D') === true; isIcaoStateCode('ZZZ') === false
 */
export function isIcaoStateCode(code: string): boolean {
  return ICAO_STATES.has(code);
}
