/**
 * The gateway–region contract against the composed schema: every root field has a route, every key argument a
 * decoder, statistics and subscriptions match their types, and the gateway never reaches into services/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildSchema, getNamedType, isEnumType, isObjectType, printSchema, type GraphQLSchema } from 'graphql';
import {
  CONTRACT,
  ContractError,
  deriveRootFieldRoutes,
  EXPLICIT_ROUTES,
  REFERENCE_FIELDS,
  STATISTICS_KEY_FIELDS,
  STATISTICS_MEASURES,
  undeclaredKeyFields,
} from '../../contract';
import { federatedApiSchema } from '../../gateway/schemaSource';

const ROOT = join(__dirname, '..', '..');
const supergraphSdl = readFileSync(join(ROOT, 'schema', 'supergraph.graphql'), 'utf8');
const api = federatedApiSchema(supergraphSdl);

/** The API schema with extra SDL appended (a field the contract does not know). */
function withExtra(sdl: string): GraphQLSchema {
  return buildSchema(`${printSchema(api)}\n${sdl}`);
}

describe('root-field routes derived from schema/supergraph.graphql', () => {
  const routes = deriveRootFieldRoutes(api);

  test('every Query and Mutation field has a route, by rule or from the explicit table', () => {
    for (const name of Object.keys(api.getQueryType()!.getFields())) expect(routes.query.has(name)).toBe(true);
    for (const name of Object.keys(api.getMutationType()!.getFields())) expect(routes.mutation.has(name)).toBe(true);
  });

  test('connections fan out, statistics merge, by-key fields go to the owner, creations to the caller', () => {
    for (const name of ['recalls', 'riskAlerts', 'complaints', 'contractTemplates', 'enterprises']) expect(routes.query.get(name)).toEqual({ kind: 'connection' });
    for (const name of ['recallStatistics', 'riskAlertStatistics', 'complaintStatistics', 'contractTemplateStatistics', 'enterpriseStatistics']) {
      expect(routes.query.get(name)).toEqual({ kind: 'statistics' });
    }
    expect(routes.query.get('recall')).toMatchObject({ kind: 'owner', keys: [{ path: ['id'] }] });
    expect(routes.query.get('enterprise')).toMatchObject({ kind: 'owner', keys: [{ path: ['creditCode'] }] });
    expect(routes.mutation.get('acceptComplaint')).toMatchObject({ kind: 'owner', keys: [{ path: ['input', 'id'] }] });
    expect(routes.mutation.get('linkRecallToRiskAlert')).toMatchObject({ kind: 'owner', keys: [{ path: ['riskAlertId'] }] });
    expect(routes.mutation.get('createRecall')).toEqual({ kind: 'caller' });
  });

  test('a list field of a new entity needs no table entry: *Connection and [StatisticsGroup!]! are rules', () => {
    const extended = deriveRootFieldRoutes(
      withExtra(`
        type SamplingPlan { id: ID! }
        type SamplingPlanEdge { cursor: String! node: SamplingPlan! }
        type SamplingPlanConnection { edges: [SamplingPlanEdge!]! pageInfo: PageInfo! totalCount: Int! }
        extend type Query { samplingPlans(first: Int, after: String): SamplingPlanConnection! samplingPlanStatistics(groupBy: [StatisticsDimension!]!): [StatisticsGroup!]! }
      `),
    );
    expect(extended.query.get('samplingPlans')).toEqual({ kind: 'connection' });
    expect(extended.query.get('samplingPlanStatistics')).toEqual({ kind: 'statistics' });
  });

  test('derivation fails for a root field that matches no rule and is not in the explicit table', () => {
    const schema = withExtra('extend type Mutation { recomputeEverything(year: Int!): Boolean! }');
    expect(() => deriveRootFieldRoutes(schema)).toThrow(ContractError);
    expect(() => deriveRootFieldRoutes(schema)).toThrow(/Mutation\.recomputeEverything matches no routing rule/);
    expect(deriveRootFieldRoutes(schema, { ...EXPLICIT_ROUTES, 'Mutation.recomputeEverything': { kind: 'caller' } }).mutation.get('recomputeEverything')).toEqual({ kind: 'caller' });
  });

  test('derivation fails when the explicit table names a field that no longer exists', () => {
    expect(() => deriveRootFieldRoutes(api, { ...EXPLICIT_ROUTES, 'Mutation.publishEverything': { kind: 'caller' } })).toThrow(
      /EXPLICIT_ROUTES names Mutation\.publishEverything, which the schema does not have/,
    );
  });
});

describe('key arguments and references', () => {
  test('every key argument and write-input key field of the schema is declared with a decoder or an entity', () => {
    expect(undeclaredKeyFields(api)).toEqual([]);
  });

  test('an undeclared key argument or reference field is reported, and fails derivation', () => {
    const schema = withExtra(`
      input CiteInput { caseId: ID! sellerCreditCode: String }
      extend type Mutation { citeCase(input: CiteInput!): Boolean! withdrawCase(caseNumber: String!, otherId: ID!): Boolean! }
    `);
    expect(undeclaredKeyFields(schema)).toEqual(['CiteInput.caseId', 'CiteInput.sellerCreditCode', 'Mutation.withdrawCase(otherId:)']);
    expect(() => deriveRootFieldRoutes(schema, { ...EXPLICIT_ROUTES, 'Mutation.citeCase': { kind: 'caller' } })).toThrow(/CiteInput\.caseId holds a record key/);
  });

  test('every declared reference names a field the schema has', () => {
    for (const reference of REFERENCE_FIELDS) {
      if (reference.type.startsWith('Mutation.')) {
        const field = api.getMutationType()!.getFields()[reference.type.slice('Mutation.'.length)];
        expect(field?.args.map((argument) => argument.name)).toContain(reference.field);
      } else {
        const type = api.getType(reference.type);
        expect(type && 'getFields' in type ? Object.keys(type.getFields()) : []).toContain(reference.field);
      }
    }
  });
});

describe('statistics and subscriptions match the schema', () => {
  test('StatisticsGroup has exactly the key and the declared measures; StatisticsKey the declared key fields', () => {
    const group = api.getType('StatisticsGroup');
    const key = api.getType('StatisticsKey');
    const dimension = api.getType('StatisticsDimension');
    if (!isObjectType(group) || !isObjectType(key) || !isEnumType(dimension)) throw new Error('statistics types missing');
    expect(Object.keys(group.getFields()).sort()).toEqual(['key', ...Object.keys(STATISTICS_MEASURES)].sort());
    expect(Object.keys(key.getFields()).sort()).toEqual(Object.values(STATISTICS_KEY_FIELDS).sort());
    expect(dimension.getValues().map((value) => value.name).sort()).toEqual(Object.keys(STATISTICS_KEY_FIELDS).sort());
  });

  test('each subscription loads its entity by a by-ID query that returns that entity', () => {
    const committedApi = buildSchema(readFileSync(join(ROOT, 'schema', 'api.graphql'), 'utf8'));
    expect(Object.keys(committedApi.getSubscriptionType()!.getFields()).sort()).toEqual(CONTRACT.subscriptions.map((declaration) => declaration.field).sort());
    for (const declaration of CONTRACT.subscriptions) {
      const byId = api.getQueryType()!.getFields()[declaration.byIdQuery];
      expect(byId?.args.map((argument) => argument.name)).toEqual(['id']);
      expect(getNamedType(byId!.type).name).toBe(declaration.entity);
    }
  });
});

describe('import boundaries', () => {
  const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

  function resolveModule(fromFile: string, specifier: string): string | null {
    const base = resolve(dirname(fromFile), specifier);
    for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    return null;
  }

  /** Every project module reachable from the entry files, with the chain that reached it. */
  function importGraph(entries: string[]): Map<string, string[]> {
    const reached = new Map<string, string[]>(entries.map((entry) => [entry, [entry]]));
    const queue = [...entries];
    while (queue.length > 0) {
      const file = queue.shift()!;
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = resolveModule(file, match[1]);
        if (!target || reached.has(target)) continue;
        reached.set(target, [...reached.get(file)!, target]);
        queue.push(target);
      }
    }
    return reached;
  }

  function tsFilesUnder(folder: string): string[] {
    return readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(folder, name));
  }

  test('nothing under gateway/ or contract/ imports a module under services/, directly or through another module', () => {
    const graph = importGraph([...tsFilesUnder(join(ROOT, 'gateway')), ...tsFilesUnder(join(ROOT, 'contract'))]);
    const intoServices = [...graph.entries()]
      .filter(([file]) => relative(ROOT, file).startsWith('services/'))
      .map(([, chain]) => chain.map((file) => relative(ROOT, file)).join(' → '));
    expect(intoServices).toEqual([]);
    expect(graph.size).toBeGreaterThan(20);
  });

  test('the walker does see an import into services/ (scripts/compose builds the regional schema)', () => {
    const graph = importGraph([join(ROOT, 'scripts', 'compose.ts')]);
    expect([...graph.keys()].some((file) => relative(ROOT, file).startsWith('services/'))).toBe(true);
  });
});
