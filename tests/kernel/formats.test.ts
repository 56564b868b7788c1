/**
 * The official formats checked at the hub's edge (kernel/formats.ts): recall numbers, mainland telephone numbers,
 * resident ID numbers, business-date bounds, provinces of division codes, and the personal-data patterns in text.
 */
import {
  EMAIL_IN_TEXT,
  formatRecallNumber,
  isResidentIdNumber,
  MOBILE_IN_TEXT,
  oldestRecordDate,
  parseRecallNumber,
  phoneKindOf,
  provinceOfDivisionCode,
  recallNumberProblem,
  recordDateProblem,
} from '../../kernel/formats';

describe('recall numbers: <京|津|冀>召字〔YYYY〕第N号', () => {
  test('parses and formats the official form', () => {
    expect(parseRecallNumber('津召字〔2026〕第12号')).toEqual({ region: 'TJ', year: 2026, serial: 12 });
    expect(parseRecallNumber('冀召字〔2025〕第3号')).toEqual({ region: 'HE', year: 2025, serial: 3 });
    expect(formatRecallNumber({ region: 'BJ', year: 2026, serial: 7 })).toBe('京召字〔2026〕第7号');
  });

  test.each(['abc', '津召字[2026]第12号', '津召字【2026】第12号', '津召〔2026〕12号', '沪召字〔2026〕第12号', '津召字〔2026〕第012号', '津召字〔2026〕第123456789号', '津召字〔26〕第1号', ''])('refuses %p', (value) => {
    expect(parseRecallNumber(value)).toBeNull();
    expect(recallNumberProblem(value, 'TJ', new Date('2026-06-01T00:00:00Z'))).toMatch(/召字〔YYYY〕第N号/);
  });

  test('the abbreviation must be the publishing region’s, the year the announcement’s or the one before (Shanghai time)', () => {
    const announced = new Date('2026-06-01T00:00:00Z');
    expect(recallNumberProblem('津召字〔2026〕第12号', 'TJ', announced)).toBeNull();
    expect(recallNumberProblem('津召字〔2025〕第12号', 'TJ', announced)).toBeNull();
    expect(recallNumberProblem('津召字〔2024〕第12号', 'TJ', announced)).toMatch(/年份/);
    expect(recallNumberProblem('津召字〔2027〕第12号', 'TJ', announced)).toMatch(/年份/);
    expect(recallNumberProblem('京召字〔2026〕第12号', 'TJ', announced)).toMatch(/简称应为「津」/);
    // 2026-12-31T17:00Z is already 2027-01-01 in Shanghai.
    expect(recallNumberProblem('津召字〔2027〕第1号', 'TJ', new Date('2026-12-31T17:00:00Z'))).toBeNull();
  });
});

describe('telephone numbers', () => {
  test.each([
    ['13812345678', 'MOBILE'],
    ['+86 138 1234 5678', 'MOBILE'],
    ['0086-13812345678', 'MOBILE'],
    ['138-1234-5678', 'MOBILE'],
    ['022-23456789', 'LANDLINE'],
    ['010 62345678', 'LANDLINE'],
    ['0311-86012345', 'LANDLINE'],
    ['0335-3012345', 'LANDLINE'],
    ['(022)23456789', 'LANDLINE'],
    ['（010）62345678', 'LANDLINE'],
    ['022-23456789-801', 'LANDLINE'],
    ['02223456789', 'LANDLINE'],
    ['400-810-8888', 'SERVICE'],
    ['8008108888', 'SERVICE'],
  ])('%s is a %s number', (value, kind) => {
    expect(phoneKindOf(value)).toBe(kind);
  });

  test.each(['hello', '', '12812345678', '1381234567', '138123456789', '022-0345678', '22-23456789', '0022-2345678', '022-234567', '+1 415 555 0100', '110'])('%p is no mainland number', (value) => {
    expect(phoneKindOf(value)).toBeNull();
  });
});

describe('resident ID numbers (GB 11643, ISO 7064 MOD 11-2)', () => {
  test('the check character decides', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('11010519491231002x')).toBe(true);
    expect(isResidentIdNumber('110105194912310021')).toBe(false);
    expect(isResidentIdNumber('01010519491231002X')).toBe(false);
    expect(isResidentIdNumber('1101051949123100')).toBe(false);
  });
});

describe('business dates', () => {
  const now = new Date('2026-11-20T00:00:00Z');
  test('at most 5 minutes ahead of now, at most MAX_RECORD_AGE_YEARS back', () => {
    expect(recordDateProblem(new Date(now.getTime() + 5 * 60_000), now, 10)).toBeNull();
    expect(recordDateProblem(new Date(now.getTime() + 5 * 60_000 + 1), now, 10)?.reason).toBe('IN_FUTURE');
    expect(recordDateProblem(new Date('2999-01-01T00:00:00Z'), now, 10)?.reason).toBe('IN_FUTURE');
    expect(oldestRecordDate(now, 10).toISOString()).toBe('2016-11-20T00:00:00.000Z');
    expect(recordDateProblem(new Date('2016-11-20T00:00:00Z'), now, 10)).toBeNull();
    expect(recordDateProblem(new Date('2016-11-19T23:59:59Z'), now, 10)?.reason).toBe('TOO_OLD');
    expect(recordDateProblem(new Date('1950-01-01T00:00:00Z'), now, 10)?.message).toMatch(/more than 10 years ago/);
  });
});

describe('provinces of division codes', () => {
  test.each([
    ['310115', '上海市'],
    ['440300', '广东省'],
    ['110105', '北京市'],
    ['650102', '新疆维吾尔自治区'],
  ])('%s is in %s', (code, province) => {
    expect(provinceOfDivisionCode(code)).toBe(province);
  });
  test('an unknown prefix is null', () => {
    expect(provinceOfDivisionCode('990300')).toBeNull();
    expect(provinceOfDivisionCode('000000')).toBeNull();
  });
});

describe('personal data inside text', () => {
  test('mobiles and e-mail addresses are found, longer numbers and landlines are not', () => {
    const text = '手机13812345678或+86 139 1234 5678，订单号213812345678901，座机022-23456789，邮箱a.b-c@mail.example.cn。';
    expect(text.match(MOBILE_IN_TEXT)).toEqual(['13812345678', '+86 139 1234 5678']);
    expect(text.match(EMAIL_IN_TEXT)).toEqual(['a.b-c@mail.example.cn']);
  });
});
