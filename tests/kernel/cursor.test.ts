import { cursorSortKey, decodeCursor, encodeCursor, KernelValidationError, MAX_CURSOR_LENGTH, regionCursorSortKey } from '../../kernel';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

function expectCursorError(cursor: string, kind: 'date' | 'number' | 'string', message: RegExp): void {
  try {
    decodeCursor(cursor, kind);
  } catch (error) {
    expect(error).toBeInstanceOf(KernelValidationError);
    expect((error as KernelValidationError).field).toBe('cursor');
    expect((error as KernelValidationError).code).toBe('BAD_USER_INPUT');
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected cursor ${cursor} to be rejected`);
}

describe('cursor', () => {
  it("a region's cursor gives the same sort key as the full check, and a malformed one still throws", () => {
    for (const cursor of [encodeCursor(new Date('2024-03-05T01:02:03.004Z'), 'TJ-RCL-2024-000123'), encodeCursor(12.5, 'HE-CMP-2024-000042'), encodeCursor('甲乙', 'BJ-CTP-2023-000007')]) {
      expect(regionCursorSortKey(cursor)).toEqual(cursorSortKey(cursor));
    }
    for (const malformed of [b64('not json'), b64('["only one"]'), b64('[1, 2]'), b64('{"a":1}')]) {
      expect(() => regionCursorSortKey(malformed)).toThrow(KernelValidationError);
    }
  });

  it('is base64url of [sortValue, id]', () => {
    const cursor = encodeCursor(new Date('2024-03-05T01:02:03.004Z'), 'TJ-RCL-2024-000123');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(cursor, 'base64url').toString('utf8')).toBe('["2024-03-05T01:02:03.004Z","TJ-RCL-2024-000123"]');
  });

  it('round-trips dates, numbers and strings', () => {
    const date = new Date('2025-12-31T16:00:00.000Z');
    expect(decodeCursor(encodeCursor(date, 'BJ-RSK-2026-000001'), 'date')).toEqual({ sortValue: date, id: 'BJ-RSK-2026-000001' });
    expect(decodeCursor(encodeCursor(12500.5, 'HE-CMP-2024-000042'), 'number')).toEqual({ sortValue: 12500.5, id: 'HE-CMP-2024-000042' });
    expect(decodeCursor(encodeCursor(0, 'HE-CMP-2024-000042'), 'number').sortValue).toBe(0);
    expect(decodeCursor(encodeCursor(-3, 'HE-CMP-2024-000042'), 'number').sortValue).toBe(-3);
    expect(decodeCursor(encodeCursor('TJ-CTP-2023-000007', 'TJ-CTP-2023-000007'), 'string')).toEqual({
      sortValue: 'TJ-CTP-2023-000007',
      id: 'TJ-CTP-2023-000007',
    });
    // Enterprises are keyed by credit code.
    expect(decodeCursor(encodeCursor(new Date(0), '91110108551385082Q'), 'date').id).toBe('91110108551385082Q');
  });

  it('refuses to encode what it could not decode', () => {
    expect(() => encodeCursor(new Date(Number.NaN), 'TJ-RCL-2024-000123')).toThrow(KernelValidationError);
    expect(() => encodeCursor(Number.POSITIVE_INFINITY, 'TJ-RCL-2024-000123')).toThrow(KernelValidationError);
    expect(() => encodeCursor(1, 'not-an-id')).toThrow(KernelValidationError);
    expect(() => encodeCursor('', 'TJ-RCL-2024-000123')).toThrow(KernelValidationError);
  });

  it.each([
    ['empty', '', 'date', /empty/],
    ['too long', 'A'.repeat(MAX_CURSOR_LENGTH + 1), 'date', /longer than/],
    ['standard base64 characters', b64('[1,"TJ-RCL-2024-000123"]') + '+/', 'number', /not base64url/],
    ['padding', Buffer.from('[12,"TJ-RCL-2024-000123"]').toString('base64'), 'number', /not base64url/],
    ['whitespace', ' ' + b64('[1,"TJ-RCL-2024-000123"]'), 'number', /not base64url/],
    ['not canonical (stray bits)', 'WzF', 'number', /not canonical/],
    ['not JSON', b64('hello'), 'number', /not JSON/],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x5b]).toString('base64url'), 'number', /not JSON/],
    ['an object', b64('{"sortValue":1,"id":"TJ-RCL-2024-000123"}'), 'number', /JSON array/],
    ['one element', b64('["TJ-RCL-2024-000123"]'), 'string', /JSON array/],
    ['three elements', b64('[1,"TJ-RCL-2024-000123",2]'), 'number', /JSON array/],
    ['a number id', b64('[1,123]'), 'number', /id/],
    ['a malformed id', b64('[1,"TJ-RCL-24-123"]'), 'number', /id/],
    ['an invalid credit code id', b64('[1,"91110108551385082R"]'), 'number', /id/],
    ['a number for a date', b64('[1700000000000,"TJ-RCL-2024-000123"]'), 'date', /date sort value/],
    ['a non-ISO date string', b64('["2024-03-05","TJ-RCL-2024-000123"]'), 'date', /date sort value/],
    ['an impossible date', b64('["2024-02-30T00:00:00.000Z","TJ-RCL-2024-000123"]'), 'date', /not a valid date/],
    ['a string for a number', b64('["5","TJ-RCL-2024-000123"]'), 'number', /number sort value/],
    ['null for a number', b64('[null,"TJ-RCL-2024-000123"]'), 'number', /number sort value/],
    ['a number for a string', b64('[5,"TJ-RCL-2024-000123"]'), 'string', /string sort value/],
    ['an empty string sort value', b64('["","TJ-RCL-2024-000123"]'), 'string', /string sort value/],
  ] as const)('rejects %s', (_label, cursor, kind, message) => {
    expectCursorError(cursor, kind, message);
  });
});

test('an entry listed on its own (a licence review’s examiner notice) is a cursor key; other suffixes are not', () => {
  const cursor = encodeCursor(new Date('2026-03-01T02:00:00.000Z'), 'TJ-LIC-2026-000003-N12');
  expect(decodeCursor(cursor, 'date').id).toBe('TJ-LIC-2026-000003-N12');
  for (const id of ['TJ-LIC-2026-000003-N0', 'TJ-LIC-2026-000003-X1', 'TJ-XYZ-N1', 'TJ-LIC-2026-000003-N12345']) expect(() => encodeCursor(1, id)).toThrow(/not a record ID/);
});
