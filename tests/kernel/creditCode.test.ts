import {
  buildCreditCode,
  computeCreditCodeCheckChar,
  CREDIT_CODE_WEIGHTS,
  isValidCreditCode,
  KernelValidationError,
  normalizeCreditCode,
  regionOfCreditCode,
  requireCreditCode,
  validateCreditCode,
} from '../../kernel';

describe('unified social credit code (GB 32100-2015)', () => {
  it('uses weights 3^(i-1) mod 31', () => {
    expect(CREDIT_CODE_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  });

  it('computes the check character of a worked example (小米科技有限责任公司, 91110108551385082Q)', () => {
    // chars   9  1  1  1  0  1  0  8   5   5   1  3  8   5  0   8  2
    // weights 1  3  9 27 19 26 16 17  20  29  25 13  8  24 10  30 28
    // terms   9+ 3+ 9+27+ 0+26+ 0+136+100+145+25+39+64+120+ 0+240+56 = 999
    // 999 mod 31 = 7 (31 × 32 = 992); 31 − 7 = 24; alphabet[24] = 'Q' (0–9, A B C D E F G H J K L M N P Q)
    const sum = 9 + 3 + 9 + 27 + 0 + 26 + 0 + 136 + 100 + 145 + 25 + 39 + 64 + 120 + 0 + 240 + 56;
    expect(sum).toBe(999);
    expect(31 - (sum % 31)).toBe(24);
    expect(computeCreditCodeCheckChar('91110108551385082')).toBe('Q');
  });

  it('maps a check value of 31 to "0" (worked example)', () => {
    // 91120116MA05L0BXK: M=21 A=10 L=20 B=11 X=29 K=19
    // 9×1 + 1×3 + 1×9 + 2×27 + 0×19 + 1×26 + 1×16 + 6×17 + 21×20 + 10×29 + 0×25 + 5×13 + 20×8
    //   + 0×24 + 11×10 + 29×30 + 19×28 = 2666 = 31 × 86, so 31 − 0 = 31 → '0'
    const sum = 9 + 3 + 9 + 54 + 0 + 26 + 16 + 102 + 420 + 290 + 0 + 65 + 160 + 0 + 110 + 870 + 532;
    expect(sum).toBe(2666);
    expect(sum % 31).toBe(0);
    expect(computeCreditCodeCheckChar('91120116MA05L0BXK')).toBe('0');
    expect(validateCreditCode('91120116MA05L0BXK0')).toEqual({ valid: true, region: 'TJ' });
  });

  // Codes as printed on business licences and public notices. A misremembered code would
  // pass the checksum only once in 31 tries.
  it.each([
    ['91110108551385082Q', 'BJ'], // 小米科技有限责任公司, 海淀区
    ['91110000802100433B', 'BJ'], // 百度在线网络技术（北京）有限公司
    ['91110000710925462X', 'BJ'], // 中国石油天然气股份有限公司
    ['91120000103100784F', 'TJ'],
    ['91130000104321511R', 'HE'],
  ] as const)('accepts %s (%s)', (code, region) => {
    expect(validateCreditCode(code)).toEqual({ valid: true, region });
    expect(isValidCreditCode(code)).toBe(true);
    expect(regionOfCreditCode(code)).toBe(region);
  });

  it('rejects a well-formed code from outside the three regions', () => {
    // 华为技术有限公司, registered in Shenzhen (440300): checksum fine, region unknown here.
    expect(computeCreditCodeCheckChar('91440300192203821')).toBe('6');
    const result = validateCreditCode('914403001922038216');
    expect(result).toMatchObject({ valid: false, problem: 'UNKNOWN_REGION' });
    expect(regionOfCreditCode('914403001922038216')).toBeNull();
  });

  it.each([
    ['too short', '91110108551385082', 'LENGTH'],
    ['too long', '91110108551385082QQ', 'LENGTH'],
    ['empty', '', 'LENGTH'],
    ['letter I', '91110108551385082I', 'ALPHABET'],
    ['letter O', '9111010855138508OQ', 'ALPHABET'],
    ['lower case', '91110108551385082q', 'ALPHABET'],
    ['letter in division code', '9111A108551385082Q', 'DIVISION_CODE'],
    ['wrong check character', '91110108551385082R', 'CHECK_CHARACTER'],
    ['two digits swapped', '91110108515385082Q', 'CHECK_CHARACTER'],
  ])('rejects %s', (_label, code, problem) => {
    const result = validateCreditCode(code);
    expect(result).toMatchObject({ valid: false, problem });
    if (!result.valid) expect(result.message.length).toBeGreaterThan(10);
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('reads the region without checking the checksum, null outside 11/12/13', () => {
    expect(regionOfCreditCode('91130100MA0000000X')).toBe('HE');
    expect(regionOfCreditCode('91310000MA0000000X')).toBeNull();
    expect(regionOfCreditCode('9113')).toBeNull();
  });

  it('builds codes for seeds', () => {
    const code = buildCreditCode({
      registrationAuthority: '9',
      organizationType: '1',
      divisionCode: '110108',
      organizationCode: '551385082',
    });
    expect(code).toBe('91110108551385082Q');
    expect(() => buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '1101', organizationCode: '551385082' })).toThrow(
      KernelValidationError,
    );
    expect(() => buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: '110108', organizationCode: '5513850' })).toThrow(
      /9 characters/,
    );
    expect(() => computeCreditCodeCheckChar('9111010855138508I')).toThrow(/position 17/);
  });

  it('normalizes input and throws with the field name', () => {
    expect(normalizeCreditCode(' 91110108551385082q ')).toBe('91110108551385082Q');
    expect(requireCreditCode('91110108551385082Q', 'manufacturer.creditCode')).toBe('91110108551385082Q');
    try {
      requireCreditCode('91110108551385082R', 'manufacturer.creditCode');
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(KernelValidationError);
      expect((error as KernelValidationError).field).toBe('manufacturer.creditCode');
      expect((error as Error).message).toMatch(/expected "Q"/);
    }
  });
});
