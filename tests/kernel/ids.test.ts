import {
  ENTITY_NAME_BY_TYPE_CODE,
  entityNameOfTypeCode,
  formatRecordId,
  isRecordId,
  KernelValidationError,
  parseRecordId,
  RECORD_TYPE_CODES,
  regionOfRecordId,
  requireRecordId,
  typeCodeOfEntityName,
} from '../../kernel';

describe('record ids', () => {
  it('formats with a 6-digit zero-padded serial', () => {
    expect(formatRecordId({ region: 'TJ', type: 'RCL', year: 2024, serial: 123 })).toBe('TJ-RCL-2024-000123');
    expect(formatRecordId({ region: 'HE', type: 'CMP', year: 2026, serial: 999999 })).toBe('HE-CMP-2026-999999');
  });

  it('round-trips', () => {
    for (const parts of [
      { region: 'BJ', type: 'RSK', year: 2022, serial: 1 },
      { region: 'TJ', type: 'RCL', year: 2024, serial: 123 },
      { region: 'HE', type: 'CTP', year: 2025, serial: 45678 },
      { region: 'BJ', type: 'CMP', year: 2026, serial: 999999 },
    ] as const) {
      expect(parseRecordId(formatRecordId(parts))).toEqual(parts);
    }
  });

  it('parses and reads the region', () => {
    expect(parseRecordId('TJ-RCL-2024-000123')).toEqual({ region: 'TJ', type: 'RCL', year: 2024, serial: 123 });
    expect(regionOfRecordId('HE-RSK-2023-000007')).toBe('HE');
    expect(isRecordId('BJ-CMP-2025-000001')).toBe(true);
    expect(isRecordId('BJ-CMP-2025-000001', 'CMP')).toBe(true);
    expect(isRecordId('BJ-CMP-2025-000001', 'RCL')).toBe(false);
  });

  it.each([
    ['lower case', 'tj-rcl-2024-000123'],
    ['unknown region', 'SH-RCL-2024-000123'],
    ['unknown type', 'TJ-ABC-2024-000123'],
    ['short serial', 'TJ-RCL-2024-123'],
    ['long serial', 'TJ-RCL-2024-0000123'],
    ['serial zero', 'TJ-RCL-2024-000000'],
    ['two-digit year', 'TJ-RCL-24-000123'],
    ['year before 1949', 'TJ-RCL-1900-000123'],
    ['wrong separator', 'TJ_RCL_2024_000123'],
    ['trailing space', 'TJ-RCL-2024-000123 '],
    ['empty', ''],
    ['credit code', '91110108551385082Q'],
  ])('rejects %s', (_label, id) => {
    expect(parseRecordId(id)).toBeNull();
    expect(isRecordId(id)).toBe(false);
    expect(regionOfRecordId(id)).toBeNull();
  });

  it('refuses to format out-of-range parts', () => {
    expect(() => formatRecordId({ region: 'TJ', type: 'RCL', year: 2024, serial: 0 })).toThrow(KernelValidationError);
    expect(() => formatRecordId({ region: 'TJ', type: 'RCL', year: 2024, serial: 1_000_000 })).toThrow(/serial/);
    expect(() => formatRecordId({ region: 'TJ', type: 'RCL', year: 24, serial: 1 })).toThrow(/year/);
    expect(() => formatRecordId({ region: 'XX' as never, type: 'RCL', year: 2024, serial: 1 })).toThrow(/region/);
    expect(() => formatRecordId({ region: 'TJ', type: 'RCL', year: 2024, serial: 1.5 })).toThrow(/serial/);
  });

  it('maps type codes to entity names both ways', () => {
    expect(ENTITY_NAME_BY_TYPE_CODE).toEqual({
      RSK: 'RiskAlert',
      RCL: 'ProductRecall',
      CTP: 'ContractTemplate',
      CMP: 'ConsumerComplaint',
      PTC: 'InspectionComparison',
      GEO: 'GeographicalIndication',
      INS: 'Inspection',
      LIC: 'LicenceReview',
      ENF: 'EnforcementCase',
      AST: 'AssistanceRequest',
    });
    for (const code of RECORD_TYPE_CODES) expect(typeCodeOfEntityName(entityNameOfTypeCode(code))).toBe(code);
  });

  it('requireRecordId names the field and the expected type', () => {
    expect(requireRecordId('HE-RCL-2024-000001', 'recallId', 'RCL').serial).toBe(1);
    try {
      requireRecordId('HE-RSK-2024-000001', 'recallId', 'RCL');
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(KernelValidationError);
      expect((error as KernelValidationError).field).toBe('recallId');
      expect((error as KernelValidationError).code).toBe('BAD_USER_INPUT');
      expect((error as Error).message).toMatch(/RiskAlert ID; expected a ProductRecall ID/);
    }
    expect(() => requireRecordId('nope', 'id')).toThrow(/not a record ID/);
  });
});
