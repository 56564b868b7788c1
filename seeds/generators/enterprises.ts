import {
  buildCreditCode,
  CREDIT_CODE_ALPHABET,
  PRODUCT_CATEGORIES,
  REGION_FULL_CHINESE_NAMES,
  type RegionCode,
} from '../../kernel';
import type { EnterpriseDocument } from '../../services/regional/model';
import type { SeededRandom } from '../random';
import { LEGAL_FORMS, MANUFACTURING_INDUSTRIES, SERVICE_INDUSTRIES, TRADE_NAME_SYLLABLES } from '../vocabulary/businesses';
import { DISTRICTS, type District } from '../vocabulary/geography';
import type { EnterpriseSeed, GeneratorContext } from './context';
import { addDays, randomInstant } from './dates';
import { businessAddress, personName } from './people';

/** Place names a trade name must not be part of (天津 would be a brand that every Tianjin firm's name seems to carry). */
const PLACE_WORDS: readonly string[] = [
  ...Object.values(REGION_FULL_CHINESE_NAMES),
  ...Object.values(DISTRICTS).flatMap((districts) => districts.flatMap((d) => [d.city ?? '', d.name])),
];

/** Share of manufacturers; the rest are retailers and service businesses. */
const MANUFACTURER_SHARE = 0.6;
const NEW_STYLE_CODES_FROM = Date.UTC(2015, 9, 1);
const GB11714_VALUES = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const GB11714_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ALPHABET_CHARS = [...CREDIT_CODE_ALPHABET];

/** Organisation code check character (GB 11714-1997), the 9th character of the organisation code. */
export function organizationCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += GB11714_VALUES.indexOf(body8[i]!) * GB11714_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

function organizationCode(random: SeededRandom, establishedAt: Date): string {
  let body: string;
  if (establishedAt.getTime() >= NEW_STYLE_CODES_FROM) {
    // Codes issued since the 2015 reform start with MA, e.g. 91110108MA01XXXXXX.
    body = `MA0${random.int(0, 9)}`;
    for (let i = 0; i < 4; i++) body += random.pick(ALPHABET_CHARS);
  } else {
    body = `${random.int(1, 7)}${random.digits(7)}`;
  }
  return body + organizationCodeCheckChar(body);
}

function nameLocation(random: SeededRandom, region: RegionCode, district: District): string {
  if (region !== 'HE') {
    const municipality = REGION_FULL_CHINESE_NAMES[region];
    return random.weighted([
      [municipality.slice(0, 2), 6],
      [municipality, 2],
      [`${municipality}${district.name}`, 2],
    ]);
  }
  const city = (district.city ?? '').replace(/市$/, '');
  const county = /[县市]$/.test(district.name) ? district.name : null;
  return random.weighted([
    [city, 5],
    ['河北', 3],
    [county ?? city, 2],
  ]);
}

function pickManufacturerDistrict(random: SeededRandom, region: RegionCode, category: (typeof PRODUCT_CATEGORIES)[number]): District {
  const clusters = DISTRICTS[region].filter((d) => d.specialties?.includes(category));
  return clusters.length > 0 && random.chance(0.6) ? random.pick(clusters) : random.pick(DISTRICTS[region]);
}

/** The region's enterprises: manufacturers of every product category first, then service businesses. */
export function generateEnterprises(random: SeededRandom, context: GeneratorContext, region: RegionCode, count: number): EnterpriseSeed[] {
  const manufacturers = Math.round(count * MANUFACTURER_SHARE);
  const names = new Set<string>();
  const codes = new Set<string>();
  const seeds: EnterpriseSeed[] = [];

  for (let i = 0; i < count; i++) {
    const isManufacturer = i < manufacturers;
    const category = isManufacturer ? PRODUCT_CATEGORIES[i % PRODUCT_CATEGORIES.length]! : null;
    const service = isManufacturer ? null : SERVICE_INDUSTRIES[(i - manufacturers) % SERVICE_INDUSTRIES.length]!;
    const industry = category ? MANUFACTURING_INDUSTRIES[category] : service!;
    const district = category ? pickManufacturerDistrict(random, region, category) : random.pick(DISTRICTS[region]);

    let tradeName = '';
    let name = '';
    do {
      do tradeName = random.sample(TRADE_NAME_SYLLABLES, 2).join('');
      while (PLACE_WORDS.some((place) => place.includes(tradeName)));
      const legalForm = category ? random.weighted(LEGAL_FORMS) : random.weighted(LEGAL_FORMS.filter(([form]) => form !== '厂'));
      name = `${nameLocation(random, region, district)}${tradeName}${random.pick(industry.nameWords)}${legalForm}`;
    } while (names.has(name));
    names.add(name);

    const establishedAt = randomInstant(random, new Date(Date.UTC(1995, 0, 1)), new Date(Date.UTC(2021, 11, 31)));
    let code = '';
    do {
      code = buildCreditCode({
        registrationAuthority: '9',
        organizationType: '1',
        divisionCode: district.divisionCode,
        organizationCode: organizationCode(random, establishedAt),
      });
    } while (codes.has(code));
    codes.add(code);

    const createdAt = randomInstant(random, context.from, addDays(context.from, 90));
    const doc: EnterpriseDocument = {
      _id: code,
      name,
      registrationRegion: region,
      address: businessAddress(random, region, district),
      legalRepresentative: personName(random),
      industry: industry.industry,
      establishedAt,
      createdAt,
      updatedAt: new Date(createdAt.getTime()),
    };
    seeds.push({ doc, region, district, tradeName, category, service: service?.key ?? null });
  }
  return seeds;
}
