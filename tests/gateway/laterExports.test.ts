import { EXPORTS, REGION_LABELS } from '../../contract';
import { EXAMINER_ROLE_LABELS, PROFICIENCY_OUTCOME_LABELS } from '../../kernel';
import { getExport, parseCsv, type ExportAnswer } from '../helpers/exportClient';
import { sharedStack, type SharedStack } from '../helpers/sharedStack';

/**
 * Issue 19's export covers the later entities through the contract (contract/caseExports.ts, qualityExports.ts):
 * licence reviews, comparison rounds and enforcement cases exported through the real gateway over the three seeded
 * regions, row for row what the API's merged list gives the same caller — examiners' names, other regions'
 * laboratories and natural-person parties masked exactly as there.
 */
jest.setTimeout(240_000);

let stack: SharedStack;

beforeAll(async () => {
  // Read-only but for its exports' audit entries, found by their own export IDs: the shared seeded regions.
  stack = await sharedStack();
});

afterAll(async () => {
  await stack?.stop();
});

/** Every node of a root list, page by page (100 at a time), as the API gives it to `token`. */
async function apiList(token: string, listField: string, selection: string): Promise<Array<Record<string, any>>> {
  const nodes: Array<Record<string, any>> = [];
  let after: string | null = null;
  do {
    const result: { data?: Record<string, any> | null; errors?: unknown[] } = await stack.query<Record<string, any>>(token, `query($after: String) { page: ${listField}(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${selection} } } } }`, { after });
    if (result.errors?.length || !result.data) throw new Error(`${listField}: ${JSON.stringify(result.errors)}`);
    nodes.push(...result.data.page.edges.map((edge: { node: Record<string, any> }) => edge.node));
    after = result.data.page.pageInfo.hasNextPage ? result.data.page.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

function ndjsonRows(answer: ExportAnswer): Array<Record<string, any>> {
  expect({ status: answer.status, complete: answer.complete, body: answer.status === 200 ? '' : answer.body.toString('utf8').slice(0, 400) }).toEqual({ status: 200, complete: true, body: '' });
  return answer.body.toString('utf8').split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as Record<string, any>);
}

/** The CSV's rows as objects by header. */
function csvRecords(answer: ExportAnswer): Array<Record<string, string>> {
  expect(answer.status).toBe(200);
  const [header, ...rows] = parseCsv(answer.body.toString('utf8').replace(/^\uFEFF/, ''));
  return rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index] ?? ''])));
}

test('every later entity with a root list is declared for export', () => {
  const names = EXPORTS.map((declaration) => declaration.name);
  expect(names).toEqual(expect.arrayContaining(['enforcementCases', 'penaltyNotices', 'assistanceRequests', 'geographicalIndications', 'inspections', 'licenceReviews', 'inspectionComparisons']));
});

test('licence reviews: the export is the API list for Tianjin, examiners of other panels masked (王**), labelled in the CSV', async () => {
  const selection = 'id region applicant { name creditCode } product productCategory appliedAt status panelRegions examiners { code name region role nameMasked } onSiteReviewStartedAt conclusion { result at } licence { issued number decidedAt }';
  const api = await apiList(stack.tokens.TJ, 'licenceReviews', selection);
  const exported = ndjsonRows(await getExport(stack.gatewayUrl, stack.tokens.TJ, 'licenceReviews?format=ndjson'));
  expect(api.length).toBeGreaterThan(5);
  expect(exported).toEqual(api);
  // The data exercises the masking: some names masked for Tianjin, its own region's examiners not.
  const examiners = api.flatMap((review) => review.examiners.map((examiner: Record<string, any>) => ({ ...examiner, reviewRegion: review.region })));
  expect(examiners.some((examiner) => examiner.nameMasked && /^.\*+$/.test(examiner.name))).toBe(true);
  for (const examiner of examiners) if (examiner.region === 'TIANJIN' || examiner.reviewRegion === 'TIANJIN') expect(examiner.nameMasked).toBe(false);

  const csv = csvRecords(await getExport(stack.gatewayUrl, stack.tokens.TJ, 'licenceReviews?format=csv'));
  expect(csv.map((row) => row['编号'])).toEqual(api.map((review) => review.id));
  csv.forEach((row, index) => {
    const review = api[index]!;
    expect(row['审查员']).toBe(review.examiners.map((examiner: Record<string, any>) => examiner.name).join('；'));
    expect(row['审查员职责']).toBe(review.examiners.map((examiner: Record<string, any>) => EXAMINER_ROLE_LABELS[examiner.role as 'LEADER']).join('；'));
    expect(row['审查员姓名已脱敏']).toBe(review.examiners.map((examiner: Record<string, any>) => (examiner.nameMasked ? '是' : '否')).join('；'));
    expect(row['发证地区']).toBe(REGION_LABELS[review.region]);
  });
});

test('comparison rounds: other regions’ laboratories by code for Hebei, as the API lists them; the organiser sees names', async () => {
  const selection = 'id region programmeNumber title scheme field organiser measurand unit assignedValue standardDeviation openedAt status participantRegions participants { code displayName region identityMasked result zScore outcome } report { publishedAt }';
  const api = await apiList(stack.tokens.HE, 'inspectionComparisons', selection);
  const exported = ndjsonRows(await getExport(stack.gatewayUrl, stack.tokens.HE, 'inspectionComparisons?format=ndjson'));
  expect(exported).toEqual(api);
  const participants = api.flatMap((round) => round.participants.map((participant: Record<string, any>) => ({ ...participant, organiser: round.region })));
  const masked = participants.filter((participant) => participant.identityMasked);
  expect(masked.length).toBeGreaterThan(0);
  for (const participant of masked) {
    expect(participant.displayName).toBe(participant.code);
    expect([participant.region, participant.organiser]).not.toContain('HEBEI');
  }
  const csv = csvRecords(await getExport(stack.gatewayUrl, stack.tokens.HE, 'inspectionComparisons'));
  csv.forEach((row, index) => {
    const round = api[index]!;
    expect(row['编号']).toBe(round.id);
    expect(row['实验室']).toBe(round.participants.map((participant: Record<string, any>) => participant.displayName).join('；'));
    expect(row['评价']).toBe(round.participants.map((participant: Record<string, any>) => PROFICIENCY_OUTCOME_LABELS[participant.outcome as 'PENDING']).join('；'));
    expect(row['实验室所在地区']).toBe(round.participants.map((participant: Record<string, any>) => REGION_LABELS[participant.region]).join('；'));
  });
});

test('enforcement cases: natural-person parties masked for other regions, as in the API; the regions audit the masked rows', async () => {
  const selection = 'id caseNumber region domain title parties { kind name creditCode idNumber masked } onlineStore { platformName storeName } facts legalBasis penalty { warning fine confiscatedIncome confiscatedItems licenceMeasure } status filedAt decidedAt publishedAt closedAt agency recallIds riskAlertIds complaintIds';
  const api = await apiList(stack.tokens.BJ, 'enforcementCases', selection);
  const answer = await getExport(stack.gatewayUrl, stack.tokens.BJ, 'enforcementCases?format=ndjson');
  const exported = ndjsonRows(answer);
  expect(exported).toEqual(api);
  const maskedCases = api.filter((enforcementCase) => enforcementCase.parties.some((party: Record<string, any>) => party.masked));
  expect(maskedCases.length).toBeGreaterThan(0);
  for (const enforcementCase of maskedCases) expect(enforcementCase.region).not.toBe('BEIJING');
  // One audit entry per region for the export, its masked rows those of that region's cases.
  const exportId = String(answer.headers['x-jjj-export-id']);
  for (const region of ['TJ', 'HE'] as const) {
    const entries = await stack.db(region).collection('auditLog').find({ _id: `export:${exportId}` as never }).toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.maskedRows).toBe(maskedCases.filter((enforcementCase) => enforcementCase.region === (region === 'TJ' ? 'TIANJIN' : 'HEBEI')).length);
  }
});
