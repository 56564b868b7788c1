import { MongoClient } from 'mongodb';
import pino from 'pino';
import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import type { Identity } from '../../platform/identity';
import { templateLineages } from '../../services/regional/migrations/2026-12-06-03-template-lineages';
import type { ContractTemplateDocument } from '../../services/regional/model';
import { startSeededSubgraph, type HttpGraphQLResult, type SeededSubgraph } from '../helpers/regionalSubgraph';

/*
 * Issue 17, template lineage, on one Tianjin subgraph with the standard seed: codes assigned by the drafting region,
 * versions that strictly increase, one successor per version and one published version per lineage, withdrawal of
 * the current version (the version it replaced is reinstated), `versions` and `currentVersion(code:)`; and the
 * lineage migration on templates of the old shape. Routing of currentVersion by the code's prefix through the
 * gateway is in tests/workflows/templatesAndAlerts.test.ts.
 */

const { TJ, BJ, HE } = DEVELOPMENT_AGENCIES as Record<'TJ' | 'BJ' | 'HE', Identity>;
const VIEW = 'id code lineage version status supersedesId currentVersion { id code version status }';
const DRAFT = `mutation($input: DraftContractTemplateInput!) { draftContractTemplate(input: $input) { ${VIEW} } }`;
const SUBMIT = `mutation($id: ID!) { submitContractTemplate(id: $id) { id status } }`;
const ENDORSE = `mutation($id: ID!) { endorseContractTemplate(id: $id) { id status } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawContractTemplate(id: $id) { ${VIEW} } }`;
const VERSIONS = `query($id: ID!) { contractTemplate(id: $id) { id versions { id code version status } currentVersion { id } } }`;
const CURRENT = `query($code: String!) { currentVersion(code: $code) { id code version status } }`;
const CLAUSES = [{ number: 1, heading: '合同当事人', text: '甲乙双方在平等自愿的基础上订立本合同。' }];

type View = { id: string; code: string; lineage: string; version: number; status: string; supersedesId: string | null; currentVersion: { id: string; code: string; version: number; status: string } | null };

let subgraph: SeededSubgraph;

beforeAll(async () => {
  subgraph = await startSeededSubgraph('TJ');
}, 120_000);

afterAll(async () => {
  await subgraph?.stop();
});

function draftInput(version: number, supersedesId?: string, extra: Record<string, unknown> = {}) {
  return { input: { title: `京津冀家政服务合同（示范文本）${version}年版`, category: 'HOUSEKEEPING', version, clauses: CLAUSES, ...(supersedesId ? { supersedesId } : {}), ...extra } };
}

async function draft(version: number, supersedesId?: string): Promise<View> {
  return (await subgraph.ok<{ draftContractTemplate: View }>(DRAFT, draftInput(version, supersedesId))).draftContractTemplate;
}

/** Submitted by Tianjin and endorsed by the three regions: published. */
async function publish(id: string): Promise<void> {
  await subgraph.ok(SUBMIT, { id });
  for (const region of [TJ, BJ, HE]) await subgraph.ok(ENDORSE, { id }, region);
}

async function published(version: number, supersedesId?: string): Promise<View> {
  const template = await draft(version, supersedesId);
  await publish(template.id);
  return template;
}

function expectLineageRefusal(result: HttpGraphQLResult, field: string, message: RegExp, currentVersionCode?: string): void {
  expect(result.data?.draftContractTemplate ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.message).toMatch(message);
  expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, ...(currentVersionCode ? { currentVersionCode } : {}) });
}

async function versionsOf(id: string): Promise<Array<{ id: string; code: string; version: number; status: string }>> {
  return (await subgraph.ok<{ contractTemplate: { versions: Array<{ id: string; code: string; version: number; status: string }> } }>(VERSIONS, { id })).contractTemplate.versions;
}

describe('template lineage (Tianjin subgraph)', () => {
  it('codes are assigned by the drafting region, JJJ-TJ-HT-{version}-{serial}, past the seeded serials; a code given is refused', async () => {
    const seededSerials = subgraph.seed.contractTemplates.map((template) => Number(template.code.split('-').pop()));
    const first = await draft(2026);
    const second = await draft(2026);
    expect(first.code).toMatch(/^JJJ-TJ-HT-2026-\d{3}$/);
    const serial = Number(first.code.split('-').pop());
    expect(serial).toBeGreaterThan(Math.max(...seededSerials));
    expect(second.code).toBe(`JJJ-TJ-HT-2026-${String(serial + 1).padStart(3, '0')}`);
    expect(first.lineage).toBe(`JJJ-TJ-HT-${String(serial).padStart(3, '0')}`);

    const chosen = await subgraph.post(DRAFT, draftInput(2026, undefined, { code: 'JJJ-HT-2026-001' }));
    expect(chosen.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    expect(chosen.errors?.[0]?.message).toMatch(/assigned by the drafting region/);
  });

  it('versions strictly increase: a version not later than the lineage’s latest is refused on `version`, naming the current one', async () => {
    const v2026 = await published(2026);
    for (const version of [2026, 2025]) {
      expectLineageRefusal(await subgraph.post(DRAFT, draftInput(version, v2026.id)), 'version', new RegExp(`${version} is not later than 2026 .*current version of ${v2026.lineage} is ${v2026.code}`), v2026.code);
    }
    const v2027 = await draft(2027, v2026.id);
    expect(v2027).toMatchObject({ code: v2026.code.replace('-2026-', '-2027-'), lineage: v2026.lineage, supersedesId: v2026.id, status: 'DRAFT' });
  });

  it('one successor per version: a second successor is refused, and of two drafted at once exactly one is accepted', async () => {
    const v2026 = await published(2026);
    await draft(2027, v2026.id);
    expectLineageRefusal(await subgraph.post(DRAFT, draftInput(2028, v2026.id)), 'supersedesId', /already has a successor/, v2026.code);

    const other = await published(2026);
    const race = await Promise.all([subgraph.post(DRAFT, draftInput(2027, other.id)), subgraph.post(DRAFT, draftInput(2028, other.id))]);
    const accepted = race.filter((result) => result.data?.draftContractTemplate);
    expect(accepted).toHaveLength(1);
    const refused = race.find((result) => result.errors)!;
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'supersedesId', currentVersionCode: other.code });
    expect((await versionsOf(other.id)).map((version) => version.status)).toEqual(['PUBLISHED', 'DRAFT']);
  });

  it('one published version per lineage: publishing supersedes the old one; superseding it again is refused naming the current one; versions are ordered', async () => {
    const v2026 = await published(2026);
    const v2027 = await published(2027, v2026.id);
    expect(await versionsOf(v2026.id)).toEqual([
      { id: v2026.id, code: v2026.code, version: 2026, status: 'SUPERSEDED' },
      { id: v2027.id, code: v2027.code, version: 2027, status: 'PUBLISHED' },
    ]);
    expectLineageRefusal(
      await subgraph.post(DRAFT, draftInput(2029, v2026.id)),
      'supersedesId',
      new RegExp(`only a lineage's current \\(published\\) version can be superseded; ${v2026.code} .* is not; the current version of ${v2026.lineage} is ${v2027.code}`),
      v2027.code,
    );
  });

  it('withdrawing the current version reinstates the version it replaced and says so; a first version withdrawn leaves none', async () => {
    const v2026 = await published(2026);
    const v2027 = await published(2027, v2026.id);
    const withdrawn = (await subgraph.ok<{ withdrawContractTemplate: View }>(WITHDRAW, { id: v2027.id })).withdrawContractTemplate;
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(withdrawn.currentVersion).toEqual({ id: v2026.id, code: v2026.code, version: 2026, status: 'PUBLISHED' });
    expect((await versionsOf(v2026.id)).map((version) => [version.version, version.status])).toEqual([
      [2026, 'PUBLISHED'],
      [2027, 'WITHDRAWN'],
    ]);
    // 2027 was the lineage's already: the next version is later still.
    expectLineageRefusal(await subgraph.post(DRAFT, draftInput(2027, v2026.id)), 'version', /2027 is not later than 2027/, v2026.code);
    expect((await draft(2028, v2026.id)).code).toBe(v2026.code.replace('-2026-', '-2028-'));

    const only = await published(2026);
    const alone = (await subgraph.ok<{ withdrawContractTemplate: View }>(WITHDRAW, { id: only.id })).withdrawContractTemplate;
    expect(alone).toMatchObject({ status: 'WITHDRAWN', currentVersion: null });
  });

  it('currentVersion(code:) answers for any version’s code or the lineage code; a malformed or foreign code is refused on `code`', async () => {
    const v2026 = await published(2026);
    const v2027 = await published(2027, v2026.id);
    for (const code of [v2026.code, v2027.code, v2026.lineage]) {
      expect((await subgraph.ok<{ currentVersion: unknown }>(CURRENT, { code })).currentVersion).toEqual({ id: v2027.id, code: v2027.code, version: 2027, status: 'PUBLISHED' });
    }
    expect((await subgraph.ok<{ currentVersion: unknown }>(CURRENT, { code: 'JJJ-TJ-HT-999999' })).currentVersion).toBeNull();
    for (const [code, message] of [['JJJ-HT-2024-007', /is not a template code/], ['JJJ-HE-HT-2024-001', /kept by region HE/]] as const) {
      const result = await subgraph.post(CURRENT, { code });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
      expect(result.errors?.[0]?.message).toMatch(message);
    }
  });

  it('a seeded lineage’s versions come in version order, and its current version is its published one', async () => {
    const byLineage = new Map<string, ContractTemplateDocument[]>();
    for (const template of subgraph.seed.contractTemplates) byLineage.set(template.lineage, [...(byLineage.get(template.lineage) ?? []), template]);
    const seeded = [...byLineage.values()].find((versions) => versions.length >= 3)!;
    expect(seeded).toBeDefined();
    const expected = [...seeded].sort((a, b) => a.version - b.version);
    const newest = expected[expected.length - 1]!;
    expect((await versionsOf(newest._id)).map((version) => [version.id, version.code, version.version, version.status])).toEqual(
      expected.map((template) => [template._id, template.code, template.version, template.status]),
    );
    const current = expected.find((template) => template.status === 'PUBLISHED') ?? null;
    expect((await subgraph.ok<{ currentVersion: { id: string } | null }>(CURRENT, { code: newest.lineage })).currentVersion?.id ?? null).toBe(current?._id ?? null);
  });
});

describe('lineage migration', () => {
  it('gives old-shape templates lineages, assigned codes and successors, one published per lineage, and changes nothing the second time', async () => {
    const client = await MongoClient.connect(subgraph.engine.uri);
    try {
      const db = client.db('jjj_tj_lineage_migration_test');
      const at = (day: number) => new Date(Date.UTC(2024, 0, day));
      const old = (id: string, code: string, version: number, status: string, supersedesId: string | null, day: number) => ({
        _id: id, code, title: '旧模板', category: 'HOUSEKEEPING', version, clauses: CLAUSES, status, draftingRegion: 'TJ', endorsements: [],
        supersedesId, effectiveFrom: null, createdAt: at(day), updatedAt: at(day),
      });
      await db.collection('contractTemplates').insertMany([
        old('TJ-CTP-2024-000001', 'JJJ-HT-2024-001', 2024, 'PUBLISHED', null, 1),
        old('TJ-CTP-2025-000001', 'JJJ-HT-2025-001', 2025, 'PUBLISHED', 'TJ-CTP-2024-000001', 2),
        old('TJ-CTP-2025-000002', 'MY-OWN-CODE', 2025, 'DRAFT', 'TJ-CTP-2024-000001', 3),
        old('TJ-CTP-2024-000002', 'GF-2014-2603', 2024, 'WITHDRAWN', null, 4),
      ] as never[]);
      const logger = pino({ level: 'silent' });
      const first = await templateLineages.up({ db, region: 'TJ', logger, now: new Date() });
      const after = await db.collection<ContractTemplateDocument>('contractTemplates').find({}, { sort: { _id: 1 } }).toArray();
      const view = after.map((t) => [t._id, t.code, t.lineage, t.formerCode, t.successorId, t.status]);
      expect(view).toEqual([
        ['TJ-CTP-2024-000001', 'JJJ-TJ-HT-2024-001', 'JJJ-TJ-HT-001', 'JJJ-HT-2024-001', 'TJ-CTP-2025-000001', 'SUPERSEDED'],
        ['TJ-CTP-2024-000002', 'JJJ-TJ-HT-2024-003', 'JJJ-TJ-HT-003', 'GF-2014-2603', null, 'WITHDRAWN'],
        ['TJ-CTP-2025-000001', 'JJJ-TJ-HT-2025-001', 'JJJ-TJ-HT-001', 'JJJ-HT-2025-001', null, 'PUBLISHED'],
        // A second 2025 successor of one version: a lineage of its own, so codes stay unique.
        ['TJ-CTP-2025-000002', 'JJJ-TJ-HT-2025-002', 'JJJ-TJ-HT-002', 'MY-OWN-CODE', null, 'DRAFT'],
      ]);
      expect(first?.documentsChanged).toBe(5);
      expect((await templateLineages.up({ db, region: 'TJ', logger, now: new Date() }))?.documentsChanged).toBe(0);
      expect(await db.collection('contractTemplates').find({}, { sort: { _id: 1 } }).toArray()).toEqual(after);
    } finally {
      await client.close();
    }
  });
});
