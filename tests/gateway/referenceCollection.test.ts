/**
 * Reference integrity (issue 16), the pure parts: which keys a mutation names at the contract's reference fields
 * (variables, inline literals, defaults, fragments, aliases, lists, nested inputs), and how the owners' answers
 * become one refusal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { federatedApiSchema } from '../../gateway/schemaSource';
import { collectReferences, indexDeclarations, type CollectedReference } from '../../gateway/references/referenceCollection';
import { refusalOf } from '../../gateway/references/referenceCheck';
import { RegionUnavailableError } from '../../gateway/router/regionClient';

const api = federatedApiSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'));

function collect(query: string, variables?: Record<string, unknown>, schema = api, declarations?: ReturnType<typeof indexDeclarations>): Array<Partial<CollectedReference>> | null {
  const document = parse(query);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  return collectReferences(schema, document, operation, variables, declarations);
}

const MANUFACTURER = { creditCode: '91120116WF0000000X', name: '天津某电器有限公司', contact: { person: '王五', phone: '022-12345678' } };
const RECALL = {
  recallNumber: 'T-1',
  productName: '充电器',
  brand: '某牌',
  manufacturer: MANUFACTURER,
  productionStart: '2025-01-01T00:00:00Z',
  productionEnd: '2025-02-01T00:00:00Z',
  quantityMade: 10,
  quantityToRecall: 5,
  defect: '过热',
  hazard: '起火',
  remedy: 'REPLACE',
  productCategory: 'ELECTRIC_BICYCLE',
};
/** The same input as an inline literal, with `riskAlertIds` spliced in as written. */
const INLINE_RECALL = (riskAlertIds: string) =>
  `{ recallNumber: "T-1", productName: "充电器", brand: "某牌", manufacturer: { creditCode: "${MANUFACTURER.creditCode}", name: "x", contact: { person: "王五", phone: "022" } },
     productionStart: "2025-01-01T00:00:00Z", productionEnd: "2025-02-01T00:00:00Z", quantityMade: 10, quantityToRecall: 5, defect: "过热", hazard: "起火",
     remedy: REPLACE, productCategory: ELECTRIC_BICYCLE, riskAlertIds: ${riskAlertIds} }`;

describe('collectReferences: the keys a mutation names', () => {
  test('variables: every risk alert of createRecall with its list path and owner, the manufacturer as an enterprise that need not exist', () => {
    const found = collect('mutation ($input: CreateRecallInput!) { createRecall(input: $input) { id } }', { input: { ...RECALL, riskAlertIds: ['TJ-RSK-2026-000001', 'BJ-RSK-2026-999999'] } });
    expect(found).toEqual([
      { entity: 'Enterprise', key: MANUFACTURER.creditCode, owner: 'TJ', mustExist: false, rootField: 'createRecall', path: 'input.manufacturer.creditCode' },
      { entity: 'RiskAlert', key: 'TJ-RSK-2026-000001', owner: 'TJ', mustExist: true, rootField: 'createRecall', path: 'input.riskAlertIds[0]' },
      { entity: 'RiskAlert', key: 'BJ-RSK-2026-999999', owner: 'BJ', mustExist: true, rootField: 'createRecall', path: 'input.riskAlertIds[1]' },
    ]);
  });

  test('inline literals, with a variable inside a list, and a single value coerced to a one-item list', () => {
    expect(collect(`mutation ($a: ID!) { createRecall(input: ${INLINE_RECALL('[$a, "HE-RSK-2026-000007"]')}) { id } }`, { a: 'TJ-RSK-2026-000002' })?.filter((reference) => reference.mustExist)).toEqual([
      expect.objectContaining({ key: 'TJ-RSK-2026-000002', path: 'input.riskAlertIds[0]' }),
      expect.objectContaining({ key: 'HE-RSK-2026-000007', path: 'input.riskAlertIds[1]', owner: 'HE' }),
    ]);
    expect(collect(`mutation { createRecall(input: ${INLINE_RECALL('"TJ-RSK-2026-000003"')}) { id } }`)?.filter((reference) => reference.mustExist)).toEqual([
      expect.objectContaining({ key: 'TJ-RSK-2026-000003', path: 'input.riskAlertIds[0]' }),
    ]);
  });

  test('an argument declared as Mutation.<field>.<argument>, under an alias; the routing key beside it is no reference', () => {
    expect(collect('mutation { link: linkRecallToRiskAlert(riskAlertId: "TJ-RSK-2026-000001", recallId: "HE-RCL-2026-000004") { id } }')).toEqual([
      { entity: 'ProductRecall', key: 'HE-RCL-2026-000004', owner: 'HE', mustExist: true, rootField: 'link', path: 'recallId' },
    ]);
  });

  test('every root field, through fragments and inline fragments, leaving out what @skip / @include leave out', () => {
    const query = `mutation ($skipIt: Boolean!) {
      ...Links
      ... on Mutation { second: linkRecallToRiskAlert(riskAlertId: "TJ-RSK-2026-000001", recallId: "BJ-RCL-2026-000002") { id } }
      skipped: linkRecallToRiskAlert(riskAlertId: "TJ-RSK-2026-000001", recallId: "BJ-RCL-2026-000003") @skip(if: $skipIt) { id }
      draftContractTemplate(input: { code: "C", title: "t", category: HOUSING_RENTAL, version: 2027, clauses: [], supersedesId: "TJ-CTP-2026-000001" }) @include(if: true) { id }
      __typename
    }
    fragment Links on Mutation { first: linkRecallToRiskAlert(riskAlertId: "TJ-RSK-2026-000001", recallId: "BJ-RCL-2026-000001") { id } }`;
    expect(collect(query, { skipIt: true })?.map((reference) => `${reference.rootField} ${reference.path} ${reference.key}`)).toEqual([
      'first recallId BJ-RCL-2026-000001',
      'second recallId BJ-RCL-2026-000002',
      'draftContractTemplate input.supersedesId TJ-CTP-2026-000001',
    ]);
  });

  test('risk alerts name recalls (to check) and enterprises (not); complaints name a business (not); absent optional fields name nothing', () => {
    const alert = collect('mutation ($input: CreateRiskAlertInput!) { createRiskAlert(input: $input) { id } }', {
      input: { title: 't', description: 'd', productCategory: 'TOYS', hazardType: 'FIRE', riskLevel: 'HIGH', source: 'SAMPLING', enterpriseCreditCodes: [MANUFACTURER.creditCode], relatedRecallIds: ['HE-RCL-2026-000001'] },
    });
    expect(alert?.map((reference) => [reference.entity, reference.path, reference.mustExist])).toEqual([
      ['Enterprise', 'input.enterpriseCreditCodes[0]', false],
      ['ProductRecall', 'input.relatedRecallIds[0]', true],
    ]);
    const complaint = collect('mutation ($input: RegisterComplaintInput!) { registerComplaint(input: $input) { id } }', {
      input: { channel: 'HOTLINE_12315', category: 'PRODUCT_QUALITY', subject: 's', description: 'd', amountInDispute: 1, consumer: { name: 'n', phone: '13800001234', address: 'a' }, business: { creditCode: MANUFACTURER.creditCode, name: 'b' } },
    });
    expect(complaint?.map((reference) => [reference.entity, reference.path, reference.mustExist])).toEqual([['Enterprise', 'input.business.creditCode', false]]);
    expect(collect('mutation ($id: ID!) { updateRecall(id: $id, input: { remedy: REFUND }) { id } }', { id: 'HE-RCL-2026-000001' })).toEqual([]);
  });

  test('a malformed key is collected without an owner (the owner refuses it as input); a query or bad variables name nothing', () => {
    expect(collect('mutation { linkRecallToRiskAlert(riskAlertId: "TJ-RSK-2026-000001", recallId: "nonsense") { id } }')).toEqual([expect.objectContaining({ key: 'nonsense', owner: null })]);
    // Not even where a declaration would match the query's arguments: reads are never walked.
    expect(collect('query ($id: ID!) { recall(id: $id) { id riskAlerts { id } } }', { id: 'TJ-RCL-2026-000001' }, api, indexDeclarations([{ type: 'Query.recall', field: 'id', entity: 'ProductRecall' }]))).toEqual([]);
    expect(collect('mutation ($input: CreateRecallInput!) { createRecall(input: $input) { id } }', { input: { riskAlertIds: 5 } })).toBeNull();
  });

  test('generic: a later entity’s declared reference is found with no code of its own', () => {
    const schema = buildSchema(`type Query { ok: Boolean }
      input InspectionTargetInput { recallIds: [ID!]!, note: String }
      input PlanInspectionInput { targets: [InspectionTargetInput!]!, templateId: ID }
      type Mutation { planInspection(input: PlanInspectionInput!): Boolean }`);
    const declarations = indexDeclarations([{ type: 'PlanInspectionInput', field: 'templateId', entity: 'ContractTemplate' }, { type: 'InspectionTargetInput', field: 'recallIds', entity: 'ProductRecall' }]);
    const found = collect('mutation ($input: PlanInspectionInput!) { planInspection(input: $input) }', { input: { targets: [{ recallIds: ['BJ-RCL-2026-000001'] }, { recallIds: ['HE-RCL-2026-000002', 'TJ-RCL-2026-000003'] }], templateId: 'TJ-CTP-2026-000004' } }, schema, declarations);
    expect(found?.map((reference) => `${reference.entity} ${reference.path} ${reference.owner}`)).toEqual([
      'ProductRecall input.targets[0].recallIds[0] BJ',
      'ProductRecall input.targets[1].recallIds[0] HE',
      'ProductRecall input.targets[1].recallIds[1] TJ',
      'ContractTemplate input.templateId TJ',
    ]);
  });
});

describe('refusalOf: one answer for every problem', () => {
  const reference = (key: string, path: string): CollectedReference => ({ entity: 'RiskAlert', key, owner: 'TJ', mustExist: true, rootField: 'createRecall', path });
  const missing = reference('TJ-RSK-2026-999999', 'input.riskAlertIds[1]');
  const unchecked = reference('TJ-RSK-2026-000001', 'input.riskAlertIds[0]');

  test('nothing wrong: no refusal', () => {
    expect(refusalOf({ checked: 2, missing: [], forbidden: [], unavailable: [] })).toBeNull();
  });

  test('missing: HTTP 400 BAD_USER_INPUT naming the entity, key and path', () => {
    const refusal = refusalOf({ checked: 2, missing: [missing], forbidden: [], unavailable: [] })!;
    expect(refusal.status).toBe(400);
    expect(refusal.errors).toHaveLength(1);
    expect(refusal.errors[0]!.message).toContain('RiskAlert TJ-RSK-2026-999999 (createRecall input.riskAlertIds[1])');
    expect(refusal.errors[0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.riskAlertIds[1]',
      missing: [{ entity: 'RiskAlert', key: 'TJ-RSK-2026-999999', path: 'input.riskAlertIds[1]', rootField: 'createRecall', region: 'TIANJIN' }],
    });
  });

  test('an owner down: HTTP 503 REGION_UNAVAILABLE naming the region; with a missing one as well, 400 and both errors', () => {
    const down = { error: new RegionUnavailableError('TJ', 'cannot connect (ECONNREFUSED)'), references: [unchecked] };
    const refusal = refusalOf({ checked: 1, missing: [], forbidden: [], unavailable: [down] })!;
    expect(refusal.status).toBe(503);
    expect(refusal.errors[0]!.extensions).toMatchObject({ code: 'REGION_UNAVAILABLE', region: 'TIANJIN', regionCode: 'TJ', unchecked: [expect.objectContaining({ key: unchecked.key })] });
    const both = refusalOf({ checked: 2, missing: [missing], forbidden: [], unavailable: [down] })!;
    expect(both.status).toBe(400);
    expect(both.errors.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT', 'REGION_UNAVAILABLE']);
  });

  test('an owner that would not tell this caller: HTTP 403 FORBIDDEN naming the region, saying nothing of existence', () => {
    const refusal = refusalOf({ checked: 1, missing: [], forbidden: [{ region: 'TJ', reason: 'agency x has no read scope', references: [unchecked] }], unavailable: [] })!;
    expect(refusal.status).toBe(403);
    expect(refusal.errors[0]!.extensions).toMatchObject({ code: 'FORBIDDEN', region: 'TIANJIN' });
    expect(refusal.errors[0]!.message).not.toMatch(/not exist/);
  });
});
