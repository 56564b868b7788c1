import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { execute, parse, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import type { CommandStartedEvent, MongoClient } from 'mongodb';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { buildCreditCode, shanghaiMonthKey, type ProductCategory, type RegionCode } from '../../kernel';
import { SCOPES, type Identity } from '../../platform/identity';
import { startEngine } from '../../services/engine';
import { createRegionalContext, type RegionalContext } from '../../services/regional/context';
import { connectDatabase, type RegionalDatabase } from '../../services/regional/data/database';
import { RISK_LEVEL_RANKS, type HazardType, type RiskLevel, type RiskSource } from '../../services/regional/model';
import { FEDERATION_LINK } from '../../services/regional/schema';
import { ProductRecallResolver } from '../../services/regional/entities/recall/recall.resolver';
import { resolveRecallReference } from '../../services/regional/entities/recall/recall.reference';
import { RiskAlertResolver } from '../../services/regional/entities/riskAlert/riskAlert.resolver';
import { resolveRiskAlertReference } from '../../services/regional/entities/riskAlert/riskAlert.reference';
import { EnterpriseResolver } from '../../services/regional/entities/enterprise/enterprise.resolver';
import { resolveEnterpriseReference } from '../../services/regional/entities/enterprise/enterprise.reference';

/* ---------- a local copy of services/regional/schema.ts's wiring, with the new resolvers ---------- */

type ReferenceResolver = (reference: never, context: RegionalContext) => Promise<unknown>;

async function buildTestSchema(): Promise<{ schema: GraphQLSchema; sdl: string }> {
  // eslint-disable-next-line @typescript-eslint/ban-types
  const resolverClasses: NonEmptyArray<Function> = [ProductRecallResolver, RiskAlertResolver, EnterpriseResolver];
  const referenceResolvers: Record<string, ReferenceResolver> = {
    ProductRecall: resolveRecallReference as ReferenceResolver,
    RiskAlert: resolveRiskAlertReference as ReferenceResolver,
    Enterprise: resolveEnterpriseReference as ReferenceResolver,
  };
  const typeGraphqlSchema = await buildSchema({ resolvers: resolverClasses, scalarsMap: [{ type: Date, scalar: GraphQLDateTime }], validate: false });
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolvers = createResolversMap(typeGraphqlSchema) as Record<string, Record<string, unknown>>;
  for (const [typeName, resolveReference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), __resolveReference: resolveReference };
  }
  return { schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never }), sdl };
}

/* ---------- fixtures ---------- */

const TJ_AGENCY: Identity = { agency: 'tj-amr', agencyName: '天津市市场监督管理委员会', region: 'TJ', scopes: [SCOPES.read, SCOPES.write], kind: 'agency' };
const BJ_AGENCY: Identity = { agency: 'bj-amr', agencyName: '北京市市场监督管理局', region: 'BJ', scopes: [SCOPES.read, SCOPES.write], kind: 'agency' };
const PUBLIC: Identity = { agency: 'public', agencyName: 'Public recall page', region: null, scopes: [SCOPES.publicRead], kind: 'public' };

const DIVISIONS: Record<RegionCode, string> = { BJ: '110105', TJ: '120116', HE: '130102' };
function creditCode(region: RegionCode, serial: number): string {
  return buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: DIVISIONS[region], organizationCode: `MA0${String(serial).padStart(5, '0')}X` });
}

const CATEGORIES: ProductCategory[] = ['ELECTRIC_BICYCLE', 'TOYS', 'HOUSEHOLD_APPLIANCES'];
const HAZARDS: HazardType[] = ['FIRE', 'CHOKING', 'ELECTRIC_SHOCK', 'BURN'];
const LEVELS: RiskLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'SEVERE'];
const SOURCES: RiskSource[] = ['SAMPLING', 'COMPLAINT', 'INJURY_MONITORING', 'PUBLIC_OPINION'];

interface AlertSpec {
  title: string;
  description: string;
  productCategory: ProductCategory;
  hazardType: HazardType;
  riskLevel: RiskLevel;
  source: RiskSource;
  issuedAt: string;
  enterpriseCreditCodes: string[];
  relatedRecallIds: string[];
}

/** 23 alerts over 2023–2025; alerts 20–22 share one issuedAt (ties broken by ID); one issued at 20:00 UTC on a month's last day (next month in Shanghai). */
function alertSpecs(): AlertSpec[] {
  const specs: AlertSpec[] = [];
  for (let i = 0; i < 23; i++) {
    const issuedAt =
      i >= 20 ? '2024-06-15T02:00:00.000Z' : i === 5 ? '2024-01-31T20:00:00.000Z' : new Date(Date.UTC(2023, 3 + i * 1, 3 + (i % 7), 1 + (i % 9))).toISOString();
    specs.push({
      title: `${i % 2 === 0 ? '电动自行车蓄电池' : '儿童玩具小零件'}风险预警第${i}号`,
      description: i % 4 === 0 ? '抽检发现充电器过热，存在起火隐患。' : '监测发现产品存在安全隐患，提醒消费者注意。',
      productCategory: CATEGORIES[i % CATEGORIES.length]!,
      hazardType: HAZARDS[i % HAZARDS.length]!,
      riskLevel: LEVELS[(i * 3) % LEVELS.length]!,
      source: SOURCES[(i + 1) % SOURCES.length]!,
      issuedAt,
      enterpriseCreditCodes: i % 5 === 0 ? [creditCode('TJ', 1), creditCode('HE', 2)] : [creditCode('BJ', i)],
      relatedRecallIds: i % 6 === 0 ? ['HE-RCL-2024-000042'] : [],
    });
  }
  return specs;
}

/* ---------- harness ---------- */

let engine: { uri: string; close(): Promise<void> };
let client: MongoClient;
let database: RegionalDatabase;
let schema: GraphQLSchema;
let sdl: string;
const commands: CommandStartedEvent[] = [];

beforeAll(async () => {
  engine = await startEngine({ port: 0 });
  ({ client, database } = await connectDatabase('BJ', engine.uri, 'test_x', { monitorCommands: true }));
  client.on('commandStarted', (event) => commands.push(event));
  ({ schema, sdl } = await buildTestSchema());
});

afterAll(async () => {
  await client?.close();
  await engine?.close();
});

/** Executes one operation with a fresh per-request context; data goes through JSON as it would over HTTP (DateTime → ISO string). */
async function run(query: string, variables: Record<string, unknown> = {}, caller: Identity = TJ_AGENCY): Promise<ExecutionResult<Record<string, any>>> {
  const result = await execute({ schema, document: parse(query), variableValues: variables, contextValue: createRegionalContext('TJ', database, caller) });
  return { ...result, data: result.data ? JSON.parse(JSON.stringify(result.data)) : result.data };
}

async function ok(query: string, variables: Record<string, unknown> = {}, caller?: Identity): Promise<Record<string, any>> {
  const result = await run(query, variables, caller);
  if (result.errors?.length) throw new Error(`unexpected errors: ${result.errors.map((e) => `${e.message} ${JSON.stringify(e.extensions)}`).join('; ')}`);
  return result.data!;
}

async function fails(query: string, variables: Record<string, unknown> = {}, caller?: Identity): Promise<{ message: string; code: unknown; field: unknown; reason: unknown }> {
  const result = await run(query, variables, caller);
  expect(result.errors?.length).toBeGreaterThan(0);
  const error = result.errors![0]!;
  return { message: error.message, code: error.extensions?.code, field: error.extensions?.field, reason: error.extensions?.reason };
}

/** Walks every page of a list field, returning the IDs in order and checking cursors and totals. */
async function allPages(field: string, key: string, args: string, variables: Record<string, unknown>, pageSize: number): Promise<{ ids: string[]; totalCount: number; pages: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let pages = 0;
  let totalCount = -1;
  for (;;) {
    const data = await ok(
      `query($after: String, $first: Int, $filter: ${field === 'riskAlerts' ? 'RiskAlertFilter' : 'EnterpriseFilter'}, $orderBy: ${field === 'riskAlerts' ? 'RiskAlertOrder' : 'EnterpriseOrder'}) {
        ${field}(first: $first, after: $after, filter: $filter, orderBy: $orderBy ${args}) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { ${key} } }
        }
      }`,
      { ...variables, first: pageSize, after },
    );
    const page = data[field];
    pages += 1;
    if (totalCount >= 0) expect(page.totalCount).toBe(totalCount);
    totalCount = page.totalCount;
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    for (const edge of page.edges) ids.push(edge.node[key]);
    if (!page.pageInfo.hasNextPage) break;
    expect(page.edges).toHaveLength(pageSize);
    after = page.pageInfo.endCursor;
    if (pages > 100) throw new Error('runaway pagination');
  }
  return { ids, totalCount, pages };
}

const ALERT_FIELDS = 'id region title description productCategory hazardType riskLevel riskLevelRank source status issuedAt resolvedAt enterpriseCreditCodes relatedRecallIds createdAt updatedAt';
const CREATE_ALERT = `mutation($input: CreateRiskAlertInput!) { createRiskAlert(input: $input) { ${ALERT_FIELDS} } }`;

interface CreatedAlert {
  id: string;
  spec: AlertSpec;
}
const created: CreatedAlert[] = [];

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

describe('schema', () => {
  it('declares both entities with their federation keys', () => {
    expect(sdl).toMatch(/type RiskAlert @key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Enterprise @key\(fields: "creditCode"\)/);
    expect(sdl).toMatch(/riskAlertStatistics\(filter: RiskAlertFilter, groupBy: \[StatisticsDimension!\]!\): \[StatisticsGroup!\]/);
    expect(sdl).toMatch(/linkRecallToRiskAlert\((recallId: ID!, riskAlertId: ID!|riskAlertId: ID!, recallId: ID!)\): RiskAlert!/);
    expect(sdl).toMatch(/registerEnterprise\(input: RegisterEnterpriseInput!\): Enterprise!/);
  });
});

describe('RiskAlert', () => {
  it('creates alerts with region-prefixed IDs, status OPEN and the level rank', async () => {
    for (const spec of alertSpecs()) {
      const { createRiskAlert: alert } = await ok(CREATE_ALERT, { input: spec });
      expect(alert.id).toMatch(new RegExp(`^TJ-RSK-${spec.issuedAt.slice(0, 4)}-\\d{6}$`));
      expect(alert).toMatchObject({
        region: 'TIANJIN',
        status: 'OPEN',
        riskLevel: spec.riskLevel,
        riskLevelRank: RISK_LEVEL_RANKS[spec.riskLevel],
        issuedAt: spec.issuedAt,
        resolvedAt: null,
        enterpriseCreditCodes: spec.enterpriseCreditCodes,
        relatedRecallIds: spec.relatedRecallIds,
      });
      created.push({ id: alert.id, spec });
    }
    const { riskAlert } = await ok(`query($id: ID!) { riskAlert(id: $id) { id title } }`, { id: created[3]!.id });
    expect(riskAlert).toEqual({ id: created[3]!.id, title: created[3]!.spec.title });
    const { riskAlert: missing } = await ok(`{ riskAlert(id: "TJ-RSK-2024-999999") { id } }`);
    expect(missing).toBeNull();
    expect((await fails(`{ riskAlert(id: "TJ-RCL-2024-000001") { id } }`)).field).toBe('id');
  });

  it('defaults issuedAt to now', async () => {
    const before = Date.now();
    const { createRiskAlert: alert } = await ok(CREATE_ALERT, { input: { ...alertSpecs()[0]!, title: '默认时间预警', issuedAt: null } });
    expect(Math.abs(new Date(alert.issuedAt).getTime() - before)).toBeLessThan(10_000);
    created.push({ id: alert.id, spec: { ...alertSpecs()[0]!, title: '默认时间预警', issuedAt: alert.issuedAt } });
  });

  it('pages through every alert once, in each order', async () => {
    const byIssuedDesc = [...created].sort((a, b) => compare(b.spec.issuedAt, a.spec.issuedAt) || compare(b.id, a.id)).map((a) => a.id);
    const walk = await allPages('riskAlerts', 'id', '', {}, 5);
    expect(walk.ids).toEqual(byIssuedDesc);
    expect(walk.totalCount).toBe(created.length);
    expect(walk.pages).toBe(Math.ceil(created.length / 5));

    const byIssuedAsc = [...byIssuedDesc].reverse();
    expect((await allPages('riskAlerts', 'id', '', { orderBy: { field: 'ISSUED_AT', direction: 'ASC' } }, 4)).ids).toEqual(byIssuedAsc);

    const rank = (a: CreatedAlert) => RISK_LEVEL_RANKS[a.spec.riskLevel];
    const byLevelDesc = [...created].sort((a, b) => rank(b) - rank(a) || compare(b.id, a.id)).map((a) => a.id);
    expect((await allPages('riskAlerts', 'id', '', { orderBy: { field: 'RISK_LEVEL' } }, 3)).ids).toEqual(byLevelDesc);
    expect((await allPages('riskAlerts', 'id', '', { orderBy: { field: 'RISK_LEVEL', direction: 'ASC' } }, 7)).ids).toEqual(
      [...created].sort((a, b) => rank(a) - rank(b) || compare(a.id, b.id)).map((a) => a.id),
    );
    expect((await allPages('riskAlerts', 'id', '', { orderBy: { field: 'ID', direction: 'ASC' } }, 6)).ids).toEqual(created.map((a) => a.id).sort());

    const filtered = await allPages('riskAlerts', 'id', '', { filter: { minimumLevel: 'HIGH' }, orderBy: { field: 'ISSUED_AT' } }, 2);
    expect(filtered.ids).toEqual(byIssuedDesc.filter((id) => rank(created.find((a) => a.id === id)!) >= 3));
  });

  it('filters by every condition', async () => {
    const count = async (filter: Record<string, unknown>) =>
      (await ok(`query($filter: RiskAlertFilter) { riskAlerts(filter: $filter, first: 0) { totalCount } }`, { filter })).riskAlerts.totalCount as number;
    const expected = (predicate: (spec: AlertSpec) => boolean) => created.filter((a) => predicate(a.spec)).length;

    expect(await count({})).toBe(created.length);
    expect(await count({ regions: ['BEIJING', 'HEBEI'] })).toBe(0);
    expect(await count({ regions: ['TIANJIN'] })).toBe(created.length);
    expect(await count({ categories: ['TOYS'] })).toBe(expected((s) => s.productCategory === 'TOYS'));
    expect(await count({ categories: ['TOYS', 'ELECTRIC_BICYCLE'] })).toBe(expected((s) => s.productCategory !== 'HOUSEHOLD_APPLIANCES'));
    expect(await count({ hazardTypes: ['FIRE'] })).toBe(expected((s) => s.hazardType === 'FIRE'));
    expect(await count({ levels: ['LOW', 'SEVERE'] })).toBe(expected((s) => s.riskLevel === 'LOW' || s.riskLevel === 'SEVERE'));
    expect(await count({ minimumLevel: 'MEDIUM' })).toBe(expected((s) => RISK_LEVEL_RANKS[s.riskLevel] >= 2));
    expect(await count({ sources: ['COMPLAINT'] })).toBe(expected((s) => s.source === 'COMPLAINT'));
    expect(await count({ statuses: ['OPEN'] })).toBe(created.length);
    const from = '2024-01-01T00:00:00.000Z';
    const to = '2024-12-31T23:59:59.999Z';
    expect(await count({ issuedFrom: from, issuedTo: to })).toBe(expected((s) => s.issuedAt >= from && s.issuedAt <= to));
    const code = creditCode('TJ', 1);
    expect(await count({ enterpriseCreditCode: code.toLowerCase() })).toBe(expected((s) => s.enterpriseCreditCodes.includes(code)));
    expect(await count({ recallId: 'HE-RCL-2024-000042' })).toBe(expected((s) => s.relatedRecallIds.includes('HE-RCL-2024-000042')));
    expect(await count({ text: '起火' })).toBe(expected((s) => s.description.includes('起火')));
    expect(await count({ text: '儿童玩具', categories: ['TOYS'] })).toBe(expected((s) => s.title.includes('儿童玩具') && s.productCategory === 'TOYS'));

    expect((await fails(`{ riskAlerts(filter: { enterpriseCreditCode: "91120116MA0000001Z" }) { totalCount } }`)).field).toBe('filter.enterpriseCreditCode');
    expect((await fails(`{ riskAlerts(filter: { recallId: "TJ-RSK-2024-000001" }) { totalCount } }`)).field).toBe('filter.recallId');
    expect((await fails(`{ riskAlerts(filter: { issuedFrom: "${to}", issuedTo: "${from}" }) { totalCount } }`)).field).toBe('filter.issuedFrom');
    expect((await fails(`{ riskAlerts(first: 1000) { totalCount } }`)).field).toBe('first');
    // Kernel errors become BAD_USER_INPUT in the server's formatError; here the original error carries the code.
    const badCursor = (await run(`{ riskAlerts(after: "not-a-cursor") { totalCount } }`)).errors?.[0]?.originalError as { code?: string; field?: string } | undefined;
    expect(badCursor).toMatchObject({ code: 'BAD_USER_INPUT', field: 'cursor' });
  });

  it('counts by level, category, month (Asia/Shanghai), status and region', async () => {
    const stats = async (groupBy: string[], filter?: Record<string, unknown>) =>
      (
        await ok(`query($groupBy: [StatisticsDimension!]!, $filter: RiskAlertFilter) { riskAlertStatistics(groupBy: $groupBy, filter: $filter) { key { region category status level month } count sum } }`, {
          groupBy,
          filter,
        })
      ).riskAlertStatistics as Array<{ key: Record<string, string | null>; count: number; sum: number | null }>;
    const tally = (keyOf: (spec: AlertSpec) => string) => {
      const counts = new Map<string, number>();
      for (const { spec } of created) counts.set(keyOf(spec), (counts.get(keyOf(spec)) ?? 0) + 1);
      return Object.fromEntries([...counts].sort());
    };

    const byLevel = await stats(['LEVEL']);
    expect(Object.fromEntries(byLevel.map((g) => [g.key.level, g.count]))).toEqual(tally((s) => s.riskLevel));
    expect(byLevel.every((g) => g.sum === null && g.key.category === null)).toBe(true);

    const byCategoryMonth = await stats(['CATEGORY', 'MONTH']);
    expect(Object.fromEntries(byCategoryMonth.map((g) => [`${g.key.category}|${g.key.month}`, g.count]))).toEqual(
      tally((s) => `${s.productCategory}|${shanghaiMonthKey(new Date(s.issuedAt))}`),
    );
    // 2024-01-31T20:00Z is February in Shanghai.
    expect(byCategoryMonth.some((g) => g.key.month === '2024-02')).toBe(true);

    expect(await stats(['REGION', 'STATUS'])).toEqual([{ key: { region: 'TIANJIN', status: 'OPEN', category: null, level: null, month: null }, count: created.length, sum: null }]);
    const high = await stats(['LEVEL'], { minimumLevel: 'HIGH' });
    expect(high.map((g) => g.key.level).sort()).toEqual(['HIGH', 'SEVERE'].filter((l) => created.some((a) => a.spec.riskLevel === l)));
    expect((await fails(`{ riskAlertStatistics(groupBy: []) { count } }`)).field).toBe('groupBy');
  });

  it('rejects bad input with BAD_USER_INPUT naming the field', async () => {
    const base = alertSpecs()[1]!;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '长'.repeat(201) }, 'title'],
      [{ title: '   ' }, 'title'],
      [{ description: '长'.repeat(5001) }, 'description'],
      [{ enterpriseCreditCodes: [creditCode('TJ', 3), '91120116MA0000003Z'] }, 'enterpriseCreditCodes[1]'],
      [{ enterpriseCreditCodes: ['123'] }, 'enterpriseCreditCodes[0]'],
      [{ issuedAt: new Date(Date.now() + 86_400_000).toISOString() }, 'issuedAt'],
      [{ relatedRecallIds: ['TJ-RSK-2024-000001'] }, 'relatedRecallIds[0]'],
      [{ relatedRecallIds: ['HE-RCL-2024-000001', 'recall-7'] }, 'relatedRecallIds[1]'],
    ];
    for (const [change, field] of cases) {
      const error = await fails(CREATE_ALERT, { input: { ...base, ...change } });
      expect({ field: error.field, code: error.code }).toEqual({ field, code: 'BAD_USER_INPUT' });
    }
    // Unknown enum values never reach the resolver.
    expect((await run(CREATE_ALERT, { input: { ...base, riskLevel: 'EXTREME' } })).errors?.[0]?.message).toMatch(/RiskLevel/);
    expect(await database.riskAlerts.countDocuments()).toBe(created.length);
  });

  it('escalates and resolves only along the workflow', async () => {
    const { createRiskAlert: alert } = await ok(CREATE_ALERT, { input: { ...alertSpecs()[2]!, riskLevel: 'LOW', issuedAt: '2025-03-01T00:00:00.000Z' } });
    created.push({ id: alert.id, spec: { ...alertSpecs()[2]!, riskLevel: 'LOW', issuedAt: '2025-03-01T00:00:00.000Z' } });
    const ESCALATE = `mutation($id: ID!, $level: RiskLevel!) { escalateRiskAlert(id: $id, level: $level) { id status riskLevel riskLevelRank updatedAt } }`;
    const RESOLVE = `mutation($id: ID!, $at: DateTime) { resolveRiskAlert(id: $id, resolvedAt: $at) { id status resolvedAt } }`;

    const escalated = (await ok(ESCALATE, { id: alert.id, level: 'HIGH' })).escalateRiskAlert;
    expect(escalated).toMatchObject({ status: 'ESCALATED', riskLevel: 'HIGH', riskLevelRank: 3 });
    expect(await fails(ESCALATE, { id: alert.id, level: 'MEDIUM' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'level' });
    expect(await fails(ESCALATE, { id: alert.id, level: 'HIGH' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'level' });
    expect((await ok(ESCALATE, { id: alert.id, level: 'SEVERE' })).escalateRiskAlert).toMatchObject({ status: 'ESCALATED', riskLevelRank: 4 });

    expect(await fails(RESOLVE, { id: alert.id, at: '2025-02-28T23:59:59.000Z' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'resolvedAt' });
    expect(await fails(RESOLVE, { id: alert.id, at: new Date(Date.now() + 86_400_000).toISOString() })).toMatchObject({ field: 'resolvedAt' });
    expect((await ok(RESOLVE, { id: alert.id, at: '2025-03-10T00:00:00.000Z' })).resolveRiskAlert).toEqual({ id: alert.id, status: 'RESOLVED', resolvedAt: '2025-03-10T00:00:00.000Z' });

    expect(await fails(ESCALATE, { id: alert.id, level: 'SEVERE' })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION' });
    expect(await fails(RESOLVE, { id: alert.id })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION' });
    expect((await fails(RESOLVE, { id: 'TJ-RSK-2025-999999' })).code).toBe('NOT_FOUND');
    expect(await fails(ESCALATE, { id: 'TJ-RCL-2025-000001', level: 'HIGH' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });

    // An OPEN alert resolves directly, with resolvedAt defaulting to now.
    const openOne = created[0]!.id;
    const resolved = (await ok(RESOLVE, { id: openOne })).resolveRiskAlert;
    expect(resolved.status).toBe('RESOLVED');
    expect(Math.abs(new Date(resolved.resolvedAt).getTime() - Date.now())).toBeLessThan(10_000);

    // Events were written with the changes; audit entries recorded.
    const stored = await database.riskAlerts.findOne({ _id: alert.id });
    expect(stored!.outbox!.map((e) => e.type)).toEqual(['RISK_ALERT_RAISED', 'RISK_ALERT_ESCALATED', 'RISK_ALERT_ESCALATED', 'RISK_ALERT_RESOLVED']);
    expect(await database.auditLog.countDocuments({ recordId: alert.id })).toBe(4);

    const statuses = (await ok(`{ riskAlertStatistics(groupBy: [STATUS]) { key { status } count } }`)).riskAlertStatistics;
    expect(statuses).toEqual([
      { key: { status: 'OPEN' }, count: created.length - 2 },
      { key: { status: 'RESOLVED' }, count: 2 },
    ]);
  });

  it('links recalls idempotently', async () => {
    const LINK = `mutation($a: ID!, $r: ID!) { linkRecallToRiskAlert(riskAlertId: $a, recallId: $r) { id relatedRecallIds updatedAt } }`;
    const target = created[1]!;
    const first = (await ok(LINK, { a: target.id, r: 'HE-RCL-2025-000007' })).linkRecallToRiskAlert;
    expect(first.relatedRecallIds).toEqual([...target.spec.relatedRecallIds, 'HE-RCL-2025-000007']);
    const again = (await ok(LINK, { a: target.id, r: 'HE-RCL-2025-000007' })).linkRecallToRiskAlert;
    expect(again).toEqual(first);
    const { riskAlerts } = await ok(`{ riskAlerts(filter: { recallId: "HE-RCL-2025-000007" }) { totalCount edges { node { id } } } }`);
    expect(riskAlerts).toEqual({ totalCount: 1, edges: [{ node: { id: target.id } }] });
    expect(await fails(LINK, { a: target.id, r: 'HE-RSK-2025-000007' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recallId' });
    expect(await fails(LINK, { a: 'nope', r: 'HE-RCL-2025-000007' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'riskAlertId' });
    expect((await fails(LINK, { a: 'TJ-RSK-2020-000001', r: 'HE-RCL-2025-000007' })).code).toBe('NOT_FOUND');
  });

  it('follows the access policy', async () => {
    expect((await ok(`{ riskAlerts(first: 1) { totalCount } }`, {}, PUBLIC)).riskAlerts.totalCount).toBe(created.length);
    expect((await fails(CREATE_ALERT, { input: alertSpecs()[0]! }, PUBLIC)).code).toBe('FORBIDDEN');
    expect((await fails(CREATE_ALERT, { input: alertSpecs()[0]! }, BJ_AGENCY)).code).toBe('FORBIDDEN');
  });
});

/* ---------- Enterprise ---------- */

const ENTERPRISE_FIELDS = 'creditCode name registrationRegion address legalRepresentative industry establishedAt createdAt updatedAt';
const REGISTER = `mutation($input: RegisterEnterpriseInput!) { registerEnterprise(input: $input) { ${ENTERPRISE_FIELDS} } }`;
const INDUSTRIES = ['电动自行车制造', '玩具制造', '家用电力器具制造'];

interface EnterpriseSpec {
  creditCode: string;
  name: string;
  address: string;
  legalRepresentative: string;
  industry: string;
  establishedAt: string;
}
const enterprises: EnterpriseSpec[] = [];

describe('Enterprise', () => {
  it('registers enterprises of this region', async () => {
    for (let i = 0; i < 14; i++) {
      const spec: EnterpriseSpec = {
        creditCode: creditCode('TJ', 100 + ((i * 5) % 14)),
        name: `天津市${['滨海', '津南', '西青'][i % 3]}新区实业有限公司${i}`,
        address: `天津市${['滨海新区', '津南区', '西青区'][i % 3]}某路${i + 1}号`,
        legalRepresentative: `张${i}`,
        industry: INDUSTRIES[i % INDUSTRIES.length]!,
        // two pairs share an establishment date (ties broken by credit code); one late on a UTC day that is the next month in Shanghai
        establishedAt:
          i === 3
            ? '2015-03-31T18:30:00.000Z'
            : i >= 8 && i <= 11
              ? new Date(Date.UTC(2012, i >= 10 ? 5 : 4, 10)).toISOString()
              : new Date(Date.UTC(2005 + Math.floor(i / 2), i % 12, 10)).toISOString(),
      };
      const { registerEnterprise: enterprise } = await ok(REGISTER, { input: spec });
      expect(enterprise).toMatchObject({ ...spec, registrationRegion: 'TIANJIN' });
      enterprises.push(spec);
    }
    const { enterprise } = await ok(`query($c: String!) { enterprise(creditCode: $c) { creditCode name } }`, { c: ` ${enterprises[2]!.creditCode.toLowerCase()} ` });
    expect(enterprise).toEqual({ creditCode: enterprises[2]!.creditCode, name: enterprises[2]!.name });
    expect((await ok(`query($c: String!) { enterprise(creditCode: $c) { name } }`, { c: creditCode('TJ', 9999) })).enterprise).toBeNull();
    expect(await fails(`{ enterprise(creditCode: "91120116MA0000001Z") { name } }`)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'creditCode' });
  });

  it('refuses other regions’ codes, duplicates and bad fields', async () => {
    const base = { ...enterprises[0]!, creditCode: creditCode('TJ', 500) };
    const beijing = await fails(REGISTER, { input: { ...base, creditCode: creditCode('BJ', 500) } });
    expect(beijing).toMatchObject({ code: 'BAD_USER_INPUT', field: 'creditCode' });
    expect(beijing.message).toMatch(/北京 \(BJ\).*registered in the region of its registration office/);
    expect(await fails(REGISTER, { input: { ...base, creditCode: creditCode('HE', 500) } })).toMatchObject({ field: 'creditCode' });
    expect(await fails(REGISTER, { input: { ...base, creditCode: enterprises[4]!.creditCode } })).toMatchObject({ code: 'CONFLICT', field: 'creditCode' });
    expect(await fails(REGISTER, { input: { ...base, creditCode: 'x' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'creditCode' });
    expect(await fails(REGISTER, { input: { ...base, name: '' } })).toMatchObject({ field: 'name' });
    expect(await fails(REGISTER, { input: { ...base, address: '路'.repeat(301) } })).toMatchObject({ field: 'address' });
    expect(await fails(REGISTER, { input: { ...base, establishedAt: new Date(Date.now() + 86_400_000 * 3).toISOString() } })).toMatchObject({ field: 'establishedAt' });
    expect((await fails(REGISTER, { input: base }, BJ_AGENCY)).code).toBe('FORBIDDEN');
    expect(await database.enterprises.countDocuments()).toBe(enterprises.length);
  });

  it('turns a lost race on the credit code into CONFLICT', async () => {
    const spec = { ...enterprises[0]!, creditCode: creditCode('TJ', 600) };
    const results = await Promise.all([run(REGISTER, { input: spec }), run(REGISTER, { input: spec })]);
    const codes = results.map((r) => (r.errors ? r.errors[0]!.extensions?.code : 'OK')).sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    enterprises.push(spec);
  });

  it('pages through every enterprise once, in each order, and filters', async () => {
    const byEstablishedDesc = [...enterprises].sort((a, b) => compare(b.establishedAt, a.establishedAt) || compare(b.creditCode, a.creditCode)).map((e) => e.creditCode);
    const walk = await allPages('enterprises', 'creditCode', '', {}, 4);
    expect(walk.ids).toEqual(byEstablishedDesc);
    expect(walk.totalCount).toBe(enterprises.length);
    const codes = enterprises.map((e) => e.creditCode).sort();
    expect((await allPages('enterprises', 'creditCode', '', { orderBy: { field: 'CREDIT_CODE', direction: 'ASC' } }, 3)).ids).toEqual(codes);
    expect((await allPages('enterprises', 'creditCode', '', { orderBy: { field: 'CREDIT_CODE' } }, 5)).ids).toEqual([...codes].reverse());
    expect((await allPages('enterprises', 'creditCode', '', { orderBy: { field: 'ESTABLISHED_AT', direction: 'ASC' } }, 6)).ids).toEqual([...byEstablishedDesc].reverse());

    const count = async (filter: Record<string, unknown>) =>
      (await ok(`query($filter: EnterpriseFilter) { enterprises(filter: $filter, first: 0) { totalCount } }`, { filter })).enterprises.totalCount as number;
    expect(await count({ regions: ['BEIJING'] })).toBe(0);
    expect(await count({ regions: ['TIANJIN', 'HEBEI'] })).toBe(enterprises.length);
    expect(await count({ industries: ['玩具制造'] })).toBe(enterprises.filter((e) => e.industry === '玩具制造').length);
    const from = '2008-01-01T00:00:00.000Z';
    const to = '2010-12-31T00:00:00.000Z';
    expect(await count({ establishedFrom: from, establishedTo: to })).toBe(enterprises.filter((e) => e.establishedAt >= from && e.establishedAt <= to).length);
    expect(await count({ text: '津南' })).toBe(enterprises.filter((e) => e.name.includes('津南') || e.address.includes('津南')).length);
    expect((await fails(`{ enterprises(filter: { establishedFrom: "${to}", establishedTo: "${from}" }) { totalCount } }`)).field).toBe('filter.establishedFrom');
  });

  it('counts by region, industry and month of establishment', async () => {
    const stats = async (groupBy: string[]) =>
      (await ok(`query($g: [StatisticsDimension!]!) { enterpriseStatistics(groupBy: $g) { key { region category month } count } }`, { g: groupBy }))
        .enterpriseStatistics as Array<{ key: Record<string, string | null>; count: number }>;
    expect(await stats(['REGION'])).toEqual([{ key: { region: 'TIANJIN', category: null, month: null }, count: enterprises.length }]);
    const byIndustry = Object.fromEntries((await stats(['CATEGORY'])).map((g) => [g.key.category, g.count]));
    expect(byIndustry).toEqual(Object.fromEntries(INDUSTRIES.map((industry) => [industry, enterprises.filter((e) => e.industry === industry).length])));
    const byMonth = Object.fromEntries((await stats(['MONTH'])).map((g) => [g.key.month, g.count]));
    const expectedMonths: Record<string, number> = {};
    for (const e of enterprises) {
      const month = shanghaiMonthKey(new Date(e.establishedAt));
      expectedMonths[month] = (expectedMonths[month] ?? 0) + 1;
    }
    expect(byMonth).toEqual(expectedMonths);
    expect(byMonth['2015-04']).toBeGreaterThan(0);
    expect(await fails(`{ enterpriseStatistics(groupBy: [STATUS]) { count } }`)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
    expect(await fails(`{ enterpriseStatistics(groupBy: [LEVEL]) { count } }`)).toMatchObject({ field: 'groupBy' });
  });

  it('is for agencies only', async () => {
    expect((await fails(`{ enterprises { totalCount } }`, {}, PUBLIC)).code).toBe('FORBIDDEN');
  });
});

/* ---------- federation ---------- */

describe('_entities', () => {
  it('resolves RiskAlert and Enterprise references with one find per type', async () => {
    const alertIds = created.slice(0, 12).map((a) => a.id);
    const codes = enterprises.slice(0, 10).map((e) => e.creditCode);
    const representations = [
      ...alertIds.map((id) => ({ __typename: 'RiskAlert', id })),
      { __typename: 'RiskAlert', id: 'TJ-RSK-2019-000001' },
      { __typename: 'RiskAlert', id: 'garbage' },
      ...codes.map((code) => ({ __typename: 'Enterprise', creditCode: code })),
      { __typename: 'Enterprise', creditCode: creditCode('TJ', 8888) },
      { __typename: 'Enterprise', creditCode: 'bad' },
      { __typename: 'ProductRecall', id: 'TJ-RCL-2024-000001' },
    ];
    commands.length = 0;
    const data = await ok(
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on RiskAlert { id title riskLevel } ... on Enterprise { creditCode name } ... on ProductRecall { id } } }`,
      { r: representations },
    );
    const entities = data._entities as Array<Record<string, string> | null>;
    expect(entities).toHaveLength(representations.length);
    expect(entities.slice(0, 12).map((e) => e!.id)).toEqual(alertIds);
    expect(entities[0]).toEqual({ __typename: 'RiskAlert', id: alertIds[0], title: created[0]!.spec.title, riskLevel: expect.any(String) });
    expect(entities[12]).toBeNull();
    expect(entities[13]).toBeNull();
    expect(entities.slice(14, 24).map((e) => e!.creditCode)).toEqual(codes);
    expect(entities[14]).toEqual({ __typename: 'Enterprise', creditCode: codes[0], name: enterprises[0]!.name });
    expect(entities.slice(24)).toEqual([null, null, null]);

    const finds = commands.filter((c) => c.commandName === 'find').map((c) => c.command.find as string);
    expect(finds.sort()).toEqual(['enterprises', 'recalls', 'riskAlerts']);

    // Public token: alerts resolve, enterprises are refused.
    const publicResult = await run(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Enterprise { name } } }`, { r: [{ __typename: 'Enterprise', creditCode: codes[0] }] }, PUBLIC);
    expect(publicResult.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
