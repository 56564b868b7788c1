import type { RegionCode } from '../../kernel';
import type { SeededRandom } from '../random';
import { DISTRICTS, districtFullName, RESIDENTIAL_COMPOUNDS, type District } from '../vocabulary/geography';
import { GIVEN_NAMES, MOBILE_PREFIXES, SURNAMES } from '../vocabulary/people';

export function personName(random: SeededRandom): string {
  return random.pick(SURNAMES) + random.pick(GIVEN_NAMES);
}

export function mobilePhone(random: SeededRandom): string {
  return random.pick(MOBILE_PREFIXES) + random.digits(8);
}

/** A fixed line (7 or 8 digits after the area code) or a 400 service number. */
export function businessPhone(random: SeededRandom, district: District): string {
  if (random.chance(0.4)) return `400-${random.int(600, 999)}-${random.digits(4)}`;
  const localDigits = district.areaCode.length === 3 || district.areaCode === '0311' ? 8 : 7;
  return `${district.areaCode}-${random.int(2, 8)}${random.digits(localDigits - 1)}`;
}

export function pickDistrict(random: SeededRandom, region: RegionCode): District {
  return random.pick(DISTRICTS[region]);
}

/** e.g. 天津市滨海新区经济技术开发区第三大街45号. */
export function businessAddress(random: SeededRandom, region: RegionCode, district: District): string {
  const suffix = random.chance(0.3) ? `${random.int(1, 12)}号楼${random.int(1, 20)}${random.pick(['01', '02', '05', '08'])}室` : '';
  return `${districtFullName(region, district)}${random.pick(district.roads)}${random.int(1, 300)}号${suffix}`;
}

/** e.g. 北京市朝阳区阳光家园3号楼2单元501室. */
export function homeAddress(random: SeededRandom, region: RegionCode, district: District): string {
  return `${districtFullName(region, district)}${random.pick(RESIDENTIAL_COMPOUNDS)}${random.int(1, 30)}号楼${random.int(1, 6)}单元${random.int(1, 28)}0${random.int(1, 4)}室`;
}
