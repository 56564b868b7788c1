import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import { DIVISIONS, FORMER_DIVISIONS, requireDivision } from '../../kernel';

/** Every value of the quality-infrastructure enums reaches clients with its Chinese label (issue 21). */
const QUALITY_ENUMS = ['TestingField', 'ComparisonScheme', 'ComparisonStatus', 'ParticipantOutcome', 'GeographicalIndicationStatus', 'GiProductClass', 'InspectionResult', 'LicenceProductCategory', 'LicenceReviewStatus', 'ReviewConclusion', 'ExaminerRole', 'ExaminerNoticeKind', 'GiProducerStatus'];

test('the quality enums of the client API describe every value in Chinese', () => {
  const api = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'api.graphql'), 'utf8'));
  for (const name of QUALITY_ENUMS) {
    const type = api.getType(name);
    if (!isEnumType(type)) throw new Error(`${name} is not an enum of the API`);
    for (const value of type.getValues()) expect([name, value.name, /[\u4e00-\u9fff]/.test(value.description ?? '')]).toEqual([name, value.name, true]);
  }
});

test('divisions: current ones by code and name, former ones refused naming the successor', () => {
  expect(requireDivision('d', '蓟州区')).toMatchObject({ code: '120119', region: 'TJ' });
  expect(requireDivision('d', '河北省廊坊市三河市')).toMatchObject({ code: '131082', region: 'HE' });
  expect(requireDivision('d', '110117')).toMatchObject({ name: '平谷区', region: 'BJ' });
  expect(() => requireDivision('d', '蓟县')).toThrow(/天津市蓟州区 \(120119\)/);
  expect(() => requireDivision('d', '120225')).toThrow(/since 2016/);
  expect(() => requireDivision('d', '310101')).toThrow(/not a division of Beijing, Tianjin or Hebei/);
  expect(() => requireDivision('d', '新区')).toThrow(/not a county-level division/);
  for (const former of FORMER_DIVISIONS.values()) expect(DIVISIONS.has(former.successor.code)).toBe(true);
});
