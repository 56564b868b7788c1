import { DEVELOPMENT_AGENCIES } from '../../platform/agencies';
import { startStack, type Stack } from '../helpers/stack';
import { nextRecallNumber } from '../subscriptions/subscriptionHelpers';
import { eventTypesOf, expectRefusal, ok, STACK_TIMEOUT_MS, testCreditCode } from './workflowHelpers';

/*
 * Issue 6, the other two cross-region flows, through the gateway with the tokens of the three regions' agencies and
 * straight to the owning subgraph: joint contract templates (drafted by Tianjin, endorsed by all three regions) and
 * risk alerts linked to recalls across regions; and the rule that an agency writes only its own region's records.
 */

type Token = 'BJ' | 'TJ' | 'HE' | 'PUBLIC';

const AGENCY_NAMES = {
  BEIJING: DEVELOPMENT_AGENCIES.BJ.agencyName,
  TIANJIN: DEVELOPMENT_AGENCIES.TJ.agencyName,
  HEBEI: DEVELOPMENT_AGENCIES.HE.agencyName,
};

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, STACK_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

const TEMPLATE_FIELDS = /* GraphQL */ `
  fragment TemplateView on ContractTemplate {
    id
    code
    title
    version
    status
    draftingRegion
    reviewRound
    endorsedBy
    awaitingRegions
    supersedesId
    effectiveFrom
    clauses { number heading text }
    endorsements { region agency decision comment at round }
    updatedAt
  }
`;

const TEMPLATE_BY_ID = `query($id: ID!) { contractTemplate(id: $id) { ...TemplateView } }\n${TEMPLATE_FIELDS}`;

function templateMutation(field: string, args: string, variables: string): string {
  return `mutation(${variables}) { ${field}(${args}) { ...TemplateView } }\n${TEMPLATE_FIELDS}`;
}

const DRAFT = templateMutation('draftContractTemplate', 'input: $input', '$input: DraftContractTemplateInput!');
const REVISE = templateMutation('reviseContractTemplate', 'id: $id, input: $input', '$id: ID!, $input: ReviseContractTemplateInput!');
const SUBMIT = templateMutation('submitContractTemplate', 'id: $id', '$id: ID!');
const ENDORSE = templateMutation('endorseContractTemplate', 'id: $id, comment: $comment', '$id: ID!, $comment: String');
const RETURN = templateMutation('returnContractTemplate', 'id: $id, comment: $comment', '$id: ID!, $comment: String!');

const CLAUSES = [
  { number: 1, heading: '租赁房屋基本情况', text: '出租人将位于天津市和平区的房屋出租给承租人使用。' },
  { number: 2, heading: '租金及押金', text: '月租金为人民币____元，押金为____元。' },
];

async function templateOp(token: Token, query: string, variables: Record<string, unknown>) {
  return stack.query(stack.tokens[token], query, variables);
}

async function templateOk(token: Token, query: string, variables: Record<string, unknown>, field: string): Promise<Record<string, any>> {
  return ok(await templateOp(token, query, variables), `${token} ${field}`)[field];
}

/** The template read by every agency token: one record, the same for all. */
async function templateSeenByAll(id: string): Promise<Record<string, any>> {
  const views = await Promise.all((['BJ', 'TJ', 'HE'] as const).map(async (token) => ok(await templateOp(token, TEMPLATE_BY_ID, { id })).contractTemplate));
  expect(views[1]).toEqual(views[0]);
  expect(views[2]).toEqual(views[0]);
  return views[0] as Record<string, any>;
}

describe('joint contract templates: drafted by Tianjin, published when all three regions have endorsed', () => {
  let firstId = '';
  let secondId = '';
  let firstDraftCode = '';
  const firstCode = () => firstDraftCode;

  it('TJ drafts a template; other regions cannot revise or submit it', async () => {
    const draft = await templateOk(
      'TJ',
      DRAFT,
      { input: { title: '京津冀房屋租赁合同（示范文本）', category: 'HOUSING_RENTAL', version: 2026, clauses: CLAUSES } },
      'draftContractTemplate',
    );
    firstId = draft.id;
    expect(firstId).toMatch(/^TJ-CTP-\d{4}-\d{6}$/);
    expect(draft.code).toMatch(/^JJJ-TJ-HT-2026-\d{3,}$/);
    firstDraftCode = draft.code;
    expect(draft).toMatchObject({ status: 'DRAFT', draftingRegion: 'TIANJIN', endorsements: [], effectiveFrom: null, supersedesId: null });

    const ownRegionOnly = /records of 天津 \(TJ\) are written only by its own agencies/;
    expectRefusal(await templateOp('HE', REVISE, { id: firstId, input: { title: '改标题' } }), {
      code: 'FORBIDDEN',
      message: [new RegExp(AGENCY_NAMES.HEBEI), /may not revise a contract template/, ownRegionOnly],
      field: 'reviseContractTemplate',
    });
    expectRefusal(await templateOp('BJ', SUBMIT, { id: firstId }), { code: 'FORBIDDEN', message: [/may not submit a contract template/, ownRegionOnly] });
    expectRefusal(await templateOp('BJ', ENDORSE, { id: firstId }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /cannot endorse the template: template .* is DRAFT; allowed from IN_REVIEW/,
    });
    expect((await templateSeenByAll(firstId)).status).toBe('DRAFT');
  });

  it('TJ submits it for joint review; all three regions are awaited', async () => {
    const submitted = await templateOk('TJ', SUBMIT, { id: firstId }, 'submitContractTemplate');
    expect(submitted).toMatchObject({ status: 'IN_REVIEW', reviewRound: 1, endorsedBy: [], awaitingRegions: ['BEIJING', 'TIANJIN', 'HEBEI'] });
  });

  it('endorsed by TJ and BJ it stays IN_REVIEW; a second endorsement by the same region is refused', async () => {
    const byTianjin = await templateOk('TJ', ENDORSE, { id: firstId, comment: '天津同意' }, 'endorseContractTemplate');
    expect(byTianjin).toMatchObject({ status: 'IN_REVIEW', endorsedBy: ['TIANJIN'], awaitingRegions: ['BEIJING', 'HEBEI'], effectiveFrom: null });

    expectRefusal(await templateOp('TJ', ENDORSE, { id: firstId }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /天津 has already endorsed template .* in review round 1/,
      field: 'endorseContractTemplate',
    });

    const byBeijing = await templateOk('BJ', ENDORSE, { id: firstId }, 'endorseContractTemplate');
    expect(byBeijing).toMatchObject({ status: 'IN_REVIEW', endorsedBy: ['BEIJING', 'TIANJIN'], awaitingRegions: ['HEBEI'], effectiveFrom: null });
    expectRefusal(await templateOp('BJ', ENDORSE, { id: firstId }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /北京 has already endorsed/,
    });
    expectRefusal(await templateOp('PUBLIC', ENDORSE, { id: firstId }), { code: 'FORBIDDEN', message: /only agencies with the write scope change records/ });

    const seen = await templateSeenByAll(firstId);
    expect(seen.status).toBe('IN_REVIEW');
    expect(seen.endorsements).toHaveLength(2);
  });

  it('HE’s endorsement, the third, publishes it jointly; every endorsement names the agency and the time', async () => {
    const before = Date.now();
    const published = await templateOk('HE', ENDORSE, { id: firstId, comment: '河北同意发布' }, 'endorseContractTemplate');
    expect(published).toMatchObject({ status: 'PUBLISHED', endorsedBy: ['BEIJING', 'TIANJIN', 'HEBEI'], awaitingRegions: [] });
    const seen = await templateSeenByAll(firstId);
    expect(seen.endorsements.map((endorsement: Record<string, unknown>) => [endorsement.region, endorsement.agency, endorsement.decision, endorsement.round])).toEqual([
      ['TIANJIN', AGENCY_NAMES.TIANJIN, 'ENDORSED', 1],
      ['BEIJING', AGENCY_NAMES.BEIJING, 'ENDORSED', 1],
      ['HEBEI', AGENCY_NAMES.HEBEI, 'ENDORSED', 1],
    ]);
    expect(seen.endorsements.map((endorsement: { comment: string | null }) => endorsement.comment)).toEqual(['天津同意', null, '河北同意发布']);
    for (const endorsement of seen.endorsements) expect(Number.isNaN(Date.parse(endorsement.at))).toBe(false);
    expect(seen.effectiveFrom).toBe(seen.endorsements[2].at);
    expect(Date.parse(seen.effectiveFrom)).toBeGreaterThanOrEqual(before - 1000);

    expectRefusal(await templateOp('BJ', ENDORSE, { id: firstId }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /is PUBLISHED; allowed from IN_REVIEW/ });
  });

  it('only Tianjin drafts the next version of its template', async () => {
    expectRefusal(
      await templateOp('HE', DRAFT, { input: { title: '河北版', category: 'HOUSING_RENTAL', version: 2027, clauses: CLAUSES, supersedesId: firstId } }),
      { code: 'BAD_USER_INPUT', message: /a new version is drafted by the region that drafted the version it replaces/ },
    );
  });

  it('a return with comments sends the new version back to DRAFT; its round-1 endorsements no longer count', async () => {
    const draft = await templateOk(
      'TJ',
      DRAFT,
      {
        input: { title: '京津冀房屋租赁合同（示范文本）2027年版', category: 'HOUSING_RENTAL', version: 2027, clauses: CLAUSES, supersedesId: firstId },
      },
      'draftContractTemplate',
    );
    secondId = draft.id;
    expect(draft).toMatchObject({ status: 'DRAFT', supersedesId: firstId });
    expect(draft.code).toBe(firstCode().replace('-2026-', '-2027-'));
    await templateOk('TJ', SUBMIT, { id: secondId }, 'submitContractTemplate');
    await templateOk('BJ', ENDORSE, { id: secondId }, 'endorseContractTemplate');

    const emptyComment = await templateOp('HE', RETURN, { id: secondId, comment: '  ' });
    expect(emptyComment.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'comment' });

    const returned = await templateOk('HE', RETURN, { id: secondId, comment: '第二条应写明押金退还期限' }, 'returnContractTemplate');
    expect(returned.status).toBe('DRAFT');
    expect(returned.awaitingRegions).toEqual([]);
    expect(returned.endorsements.at(-1)).toMatchObject({ region: 'HEBEI', agency: AGENCY_NAMES.HEBEI, decision: 'RETURNED', comment: '第二条应写明押金退还期限', round: 1 });
    expect((await templateSeenByAll(firstId)).status).toBe('PUBLISHED');
    expectRefusal(await templateOp('BJ', ENDORSE, { id: secondId }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /is DRAFT/ });

    const revised = await templateOk(
      'TJ',
      REVISE,
      { id: secondId, input: { clauses: [...CLAUSES.slice(0, 1), { number: 2, heading: '租金及押金', text: '押金于租赁期满交还房屋后十日内退还。' }] } },
      'reviseContractTemplate',
    );
    expect(revised.clauses[1].text).toMatch(/十日内退还/);
    const resubmitted = await templateOk('TJ', SUBMIT, { id: secondId }, 'submitContractTemplate');
    expect(resubmitted).toMatchObject({ status: 'IN_REVIEW', reviewRound: 2, endorsedBy: [], awaitingRegions: ['BEIJING', 'TIANJIN', 'HEBEI'] });
  });

  it('published, the new version supersedes the old one', async () => {
    await templateOk('BJ', ENDORSE, { id: secondId }, 'endorseContractTemplate');
    expectRefusal(await templateOp('BJ', ENDORSE, { id: secondId }), { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', message: /北京 has already endorsed .* in review round 2/ });
    const afterTwo = await templateOk('TJ', ENDORSE, { id: secondId }, 'endorseContractTemplate');
    expect(afterTwo).toMatchObject({ status: 'IN_REVIEW', awaitingRegions: ['HEBEI'] });
    expect((await templateSeenByAll(firstId)).status).toBe('PUBLISHED');

    const published = await templateOk('HE', ENDORSE, { id: secondId }, 'endorseContractTemplate');
    expect(published.status).toBe('PUBLISHED');
    expect(published.effectiveFrom).not.toBeNull();
    const round2 = published.endorsements.filter((endorsement: { round: number }) => endorsement.round === 2);
    expect(round2.map((endorsement: { region: string; decision: string }) => [endorsement.region, endorsement.decision])).toEqual([
      ['BEIJING', 'ENDORSED'],
      ['TIANJIN', 'ENDORSED'],
      ['HEBEI', 'ENDORSED'],
    ]);
    const old = await templateSeenByAll(firstId);
    expect(old.status).toBe('SUPERSEDED');
    const serial = firstCode().split('-').pop();
    const list = ok(
      await stack.query(stack.tokens.BJ, `{ contractTemplates(filter: { text: "-${serial}", regions: [TIANJIN] }, first: 10) { edges { node { id code status } } } }`),
    ).contractTemplates.edges.map((edge: { node: unknown }) => edge.node);
    expect(list).toEqual(
      expect.arrayContaining([
        { id: firstId, code: firstCode(), status: 'SUPERSEDED' },
        { id: secondId, code: firstCode().replace('-2026-', '-2027-'), status: 'PUBLISHED' },
      ]),
    );
  });

  it('currentVersion(code:) is answered by the region of the code’s prefix, whoever asks; versions list the lineage in order', async () => {
    const secondCode = firstCode().replace('-2026-', '-2027-');
    const lineage = firstCode().replace('-2026-', '-');
    const currentQuery = `query($code: String!) { currentVersion(code: $code) { id code draftingRegion versions { id version status } } }`;
    for (const token of ['BJ', 'HE', 'TJ'] as const) {
      for (const code of [firstCode(), lineage]) {
        // Sent to the caller's region, another region's code is refused there: an answer means Tianjin answered.
        expect(ok(await templateOp(token, currentQuery, { code }), `${token} currentVersion`).currentVersion).toEqual({
          id: secondId,
          code: secondCode,
          draftingRegion: 'TIANJIN',
          versions: [
            { id: firstId, version: 2026, status: 'SUPERSEDED' },
            { id: secondId, version: 2027, status: 'PUBLISHED' },
          ],
        });
      }
    }
    const heLineage = ok(await templateOp('TJ', `{ contractTemplates(filter: { regions: [HEBEI], statuses: [PUBLISHED] }, first: 1) { edges { node { id lineage } } } }`, {})).contractTemplates
      .edges[0].node;
    expect(ok(await templateOp('TJ', currentQuery, { code: heLineage.lineage })).currentVersion).toMatchObject({ id: heLineage.id, draftingRegion: 'HEBEI' });
  });

  it('the drafting region’s audit log records every endorsement and return with the agency', async () => {
    const entries = ok(await stack.query(stack.tokens.TJ, `query($id: ID!) { auditLog(recordId: $id) { action agency detail } }`, { id: secondId })).auditLog;
    const details = entries.map((entry: { agency: string; detail: string }) => [entry.agency, entry.detail]);
    expect(details).toEqual(
      expect.arrayContaining([
        ['he-samr', 'RETURNED by HE'],
        ['he-samr', 'ENDORSED by HE'],
        ['bj-samr', 'ENDORSED by BJ'],
        ['tj-samr', 'ENDORSED by TJ'],
      ]),
    );
    expectRefusal(await stack.query(stack.tokens.HE, `query($id: ID!) { auditLog(recordId: $id) { action } }`, { id: secondId }), {
      code: 'FORBIDDEN',
      message: /audit log of 天津 is readable by its own agencies only/,
    });
  });
});

const ALERT_FIELDS = 'id region title status riskLevel resolvedAt relatedRecallIds';
const CREATE_ALERT = `mutation($input: CreateRiskAlertInput!) { createRiskAlert(input: $input) { ${ALERT_FIELDS} } }`;
const CREATE_RECALL = `mutation($input: CreateRecallInput!) { createRecall(input: $input) { id region status riskAlertIds } }`;
const LINK = `mutation($alert: ID!, $recall: ID!) { linkRecallToRiskAlert(riskAlertId: $alert, recallId: $recall) { ${ALERT_FIELDS} } }`;
const ESCALATE = `mutation($id: ID!, $level: RiskLevel!) { escalateRiskAlert(id: $id, level: $level) { ${ALERT_FIELDS} } }`;
const RESOLVE = `mutation($id: ID!) { resolveRiskAlert(id: $id) { ${ALERT_FIELDS} } }`;
const UPDATE_RECALL = `mutation($id: ID!, $input: UpdateRecallInput!) { updateRecall(id: $id, input: $input) { id status defect updatedAt } }`;
const CROSS_LINKS = /* GraphQL */ `
  query($recall: ID!, $alert: ID!) {
    recall(id: $recall) { id region riskAlertIds riskAlerts { id region title status } }
    riskAlert(id: $alert) { id region relatedRecallIds relatedRecalls { id region recallNumber } }
  }
`;

describe('risk alerts ↔ recalls across regions', () => {
  const heManufacturer = testCreditCode('HE', 'EB001');
  const recallNumber = nextRecallNumber('HE');
  let alertId = '';
  let recallId = '';

  it('TJ raises a risk alert; HE publishes a recall citing it', async () => {
    const alert = ok(
      await stack.query(stack.tokens.TJ, CREATE_ALERT, {
        input: {
          title: '某品牌电动自行车充电器过热起火风险预警',
          description: '天津市抽检发现该型号充电器温升超标，存在起火隐患。',
          productCategory: 'ELECTRIC_BICYCLE',
          hazardType: 'FIRE',
          riskLevel: 'MEDIUM',
          source: 'SAMPLING',
          enterpriseCreditCodes: [heManufacturer],
        },
      }),
    ).createRiskAlert;
    alertId = alert.id;
    expect(alertId).toMatch(/^TJ-RSK-\d{4}-\d{6}$/);
    expect(alert).toMatchObject({ region: 'TIANJIN', status: 'OPEN', relatedRecallIds: [] });

    const recall = ok(
      await stack.query(stack.tokens.HE, CREATE_RECALL, {
        input: {
          recallNumber,
          productName: '电动自行车充电器',
          brand: '冀风',
          models: ['JF-48V2A'],
          batches: ['20250301'],
          manufacturer: { creditCode: heManufacturer, name: '河北某某电器有限公司', contact: { person: '王经理', phone: '0311-88886666' } },
          productionStart: '2025-01-01T00:00:00.000Z',
          productionEnd: '2025-06-30T00:00:00.000Z',
          quantityMade: 12000,
          quantityToRecall: 8000,
          salesAreas: ['河北省', '天津市'],
          defect: '充电器温升超标',
          hazard: '充电时可能起火',
          remedy: 'REPLACE',
          productCategory: 'ELECTRIC_BICYCLE',
          riskAlertIds: [alertId],
        },
      }),
    ).createRecall;
    recallId = recall.id;
    expect(recallId).toMatch(/^HE-RCL-\d{4}-\d{6}$/);
    expect(recall).toMatchObject({ region: 'HEBEI', status: 'ANNOUNCED', riskAlertIds: [alertId] });
  });

  it('only TJ links the recall to its alert (idempotently); HE and BJ are refused, also straight at the subgraph', async () => {
    const ownRegionOnly = /records of 天津 \(TJ\) are written only by its own agencies/;
    for (const token of ['HE', 'BJ'] as const) {
      expectRefusal(await stack.query(stack.tokens[token], LINK, { alert: alertId, recall: recallId }), {
        code: 'FORBIDDEN',
        message: [/may not link a recall to a risk alert/, ownRegionOnly],
        field: 'linkRecallToRiskAlert',
      });
    }
    expectRefusal(await stack.querySubgraph('TJ', DEVELOPMENT_AGENCIES.HE, LINK, { alert: alertId, recall: recallId }), {
      code: 'FORBIDDEN',
      message: [new RegExp(AGENCY_NAMES.HEBEI), ownRegionOnly],
    });
    const linked = ok(await stack.query(stack.tokens.TJ, LINK, { alert: alertId, recall: recallId })).linkRecallToRiskAlert;
    expect(linked.relatedRecallIds).toEqual([recallId]);
    const again = ok(await stack.query(stack.tokens.TJ, LINK, { alert: alertId, recall: recallId })).linkRecallToRiskAlert;
    expect(again.relatedRecallIds).toEqual([recallId]);
  });

  it('through the gateway the recall’s riskAlerts and the alert’s relatedRecalls resolve across regions, for every token', async () => {
    for (const token of ['BJ', 'TJ', 'HE', 'PUBLIC'] as const) {
      const data = ok(await stack.query(stack.tokens[token], CROSS_LINKS, { recall: recallId, alert: alertId }), `links read by ${token}`);
      expect(data.recall).toEqual({
        id: recallId,
        region: 'HEBEI',
        riskAlertIds: [alertId],
        riskAlerts: [{ id: alertId, region: 'TIANJIN', title: '某品牌电动自行车充电器过热起火风险预警', status: 'OPEN' }],
      });
      expect(data.riskAlert).toEqual({ id: alertId, region: 'TIANJIN', relatedRecallIds: [recallId], relatedRecalls: [{ id: recallId, region: 'HEBEI', recallNumber }] });
    }
    const filtered = ok(
      await stack.query(
        stack.tokens.BJ,
        `query($recall: ID!, $alert: ID!) {
          recalls(filter: { riskAlertId: $alert }) { edges { node { id } } }
          riskAlerts(filter: { recallId: $recall }) { edges { node { id } } }
        }`,
        { recall: recallId, alert: alertId },
      ),
    );
    expect(filtered.recalls.edges).toEqual([{ node: { id: recallId } }]);
    expect(filtered.riskAlerts.edges).toEqual([{ node: { id: alertId } }]);
  });

  it('escalating and resolving the alert are refused from other regions, through the gateway and straight at the subgraph', async () => {
    const ownRegionOnly = /records of 天津 \(TJ\) are written only by its own agencies/;
    expectRefusal(await stack.query(stack.tokens.HE, ESCALATE, { id: alertId, level: 'HIGH' }), {
      code: 'FORBIDDEN',
      message: [new RegExp(AGENCY_NAMES.HEBEI), /may not escalate a risk alert/, ownRegionOnly],
      field: 'escalateRiskAlert',
    });
    expectRefusal(await stack.query(stack.tokens.BJ, RESOLVE, { id: alertId }), {
      code: 'FORBIDDEN',
      message: [new RegExp(AGENCY_NAMES.BEIJING), /may not resolve a risk alert/, ownRegionOnly],
      field: 'resolveRiskAlert',
    });
    expectRefusal(await stack.query(stack.tokens.PUBLIC, RESOLVE, { id: alertId }), { code: 'FORBIDDEN', message: /only agencies with the write scope/ });
    expectRefusal(await stack.querySubgraph('TJ', DEVELOPMENT_AGENCIES.HE, ESCALATE, { id: alertId, level: 'SEVERE' }), { code: 'FORBIDDEN', message: ownRegionOnly });
    expectRefusal(await stack.querySubgraph('TJ', DEVELOPMENT_AGENCIES.BJ, RESOLVE, { id: alertId }), { code: 'FORBIDDEN', message: ownRegionOnly });
    const alert = ok(await stack.query(stack.tokens.HE, `query($id: ID!) { riskAlert(id: $id) { status riskLevel } }`, { id: alertId })).riskAlert;
    expect(alert).toEqual({ status: 'OPEN', riskLevel: 'MEDIUM' });
  });

  it('TJ escalates and resolves it; both are events; the links still resolve', async () => {
    const lower = await stack.query(stack.tokens.TJ, ESCALATE, { id: alertId, level: 'LOW' });
    expectRefusal(lower, { code: 'BAD_USER_INPUT', message: /needs a level above its current MEDIUM, got LOW/ });

    const escalated = ok(await stack.query(stack.tokens.TJ, ESCALATE, { id: alertId, level: 'HIGH' })).escalateRiskAlert;
    expect(escalated).toMatchObject({ status: 'ESCALATED', riskLevel: 'HIGH', resolvedAt: null });
    const resolved = ok(await stack.query(stack.tokens.TJ, RESOLVE, { id: alertId })).resolveRiskAlert;
    expect(resolved.status).toBe('RESOLVED');
    expect(resolved.resolvedAt).not.toBeNull();

    expectRefusal(await stack.query(stack.tokens.TJ, RESOLVE, { id: alertId }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /cannot go from RESOLVED to RESOLVED; allowed: none/,
    });
    expectRefusal(await stack.query(stack.tokens.TJ, ESCALATE, { id: alertId, level: 'SEVERE' }), {
      code: 'BAD_USER_INPUT',
      reason: 'ILLEGAL_TRANSITION',
      message: /cannot go from RESOLVED to ESCALATED/,
    });

    const events = await eventTypesOf(stack, 'TJ', 'riskAlerts', alertId);
    expect(events).toEqual(expect.arrayContaining(['RISK_ALERT_RAISED', 'RISK_ALERT_ESCALATED', 'RISK_ALERT_RESOLVED']));
    // The link is written once: by Tianjin's back-link keeper when it saw the Hebei recall cite the alert
    // (RISK_ALERT_LINKED), or by Tianjin's own linkRecallToRiskAlert if that came first (RISK_ALERT_UPDATED).
    expect(events.filter((type) => type === 'RISK_ALERT_LINKED' || type === 'RISK_ALERT_UPDATED')).toHaveLength(1);
    expect(events.indexOf('RISK_ALERT_ESCALATED')).toBeLessThan(events.indexOf('RISK_ALERT_RESOLVED'));

    const audit = ok(await stack.query(stack.tokens.TJ, `query($id: ID!) { auditLog(recordId: $id) { action agency detail } }`, { id: alertId })).auditLog;
    expect(audit.map((entry: { action: string; agency: string; detail: string }) => [entry.action, entry.agency, entry.detail]).reverse()).toEqual([
      ['CREATE', 'tj-samr', 'issued MEDIUM risk alert'],
      // Whichever wrote the link first: Tianjin's bureau, or Tianjin's back-link keeper (its system identity).
      expect.arrayContaining(['UPDATE', expect.stringMatching(/^(tj-samr|jjj-hub-tj)$/), expect.stringMatching(new RegExp(`^(linked recall|back-link added: relatedRecallIds \\+) ${recallId}`))]),
      ['TRANSITION', 'tj-samr', 'escalated from MEDIUM to HIGH'],
      ['TRANSITION', 'tj-samr', 'resolved from ESCALATED'],
    ]);

    const data = ok(await stack.query(stack.tokens.BJ, CROSS_LINKS, { recall: recallId, alert: alertId }));
    expect(data.recall.riskAlerts).toEqual([{ id: alertId, region: 'TIANJIN', title: '某品牌电动自行车充电器过热起火风险预警', status: 'RESOLVED' }]);
    expect(data.riskAlert.relatedRecalls).toEqual([{ id: recallId, region: 'HEBEI', recallNumber }]);
  });
});

describe('a Hebei agency cannot write a Beijing record', () => {
  let beijingRecall: { id: string; status: string; defect: string; updatedAt: string };

  beforeAll(async () => {
    const page = ok(
      await stack.query(stack.tokens.HE, `{ recalls(filter: { regions: [BEIJING], statuses: [ANNOUNCED, IN_PROGRESS] }, first: 1) { edges { node { id status defect updatedAt } } } }`),
    ).recalls;
    beijingRecall = page.edges[0].node;
  });

  it('the seeds hold a Beijing recall to try it on', () => {
    expect(beijingRecall.id).toMatch(/^BJ-RCL-/);
  });

  const refusal = {
    code: 'FORBIDDEN' as const,
    message: [
      new RegExp(`${AGENCY_NAMES.HEBEI} \\(he-samr, 河北\\) may not change a recall`),
      /records of 北京 \(BJ\) are written only by its own agencies/,
    ],
  };

  it('refuses HE’s updateRecall on a BJ recall through the gateway', async () => {
    expectRefusal(await stack.query(stack.tokens.HE, UPDATE_RECALL, { id: beijingRecall.id, input: { defect: '河北改写的缺陷描述' } }), { ...refusal, field: 'updateRecall' });
    expectRefusal(await stack.query(stack.tokens.HE, UPDATE_RECALL, { id: beijingRecall.id, input: { status: 'CANCELLED' } }), refusal);
  });

  it('refuses the same straight at the Beijing subgraph with a Hebei identity', async () => {
    expectRefusal(await stack.querySubgraph('BJ', DEVELOPMENT_AGENCIES.HE, UPDATE_RECALL, { id: beijingRecall.id, input: { defect: '河北改写的缺陷描述' } }), {
      ...refusal,
      field: 'updateRecall',
    });
    // A Hebei agency sending a Beijing-prefixed record to its own subgraph finds nothing to change there.
    const ownSubgraph = await stack.querySubgraph('HE', DEVELOPMENT_AGENCIES.HE, UPDATE_RECALL, { id: beijingRecall.id, input: { defect: 'x' } });
    expect(ownSubgraph.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('leaves the Beijing recall unchanged, and Beijing itself may change it', async () => {
    const now = ok(await stack.query(stack.tokens.BJ, `query($id: ID!) { recall(id: $id) { id status defect updatedAt } }`, { id: beijingRecall.id })).recall;
    expect(now).toEqual(beijingRecall);
    const changed = ok(await stack.query(stack.tokens.BJ, UPDATE_RECALL, { id: beijingRecall.id, input: { defect: `${beijingRecall.defect}（补充说明）` } })).updateRecall;
    expect(changed.defect).toBe(`${beijingRecall.defect}（补充说明）`);
    const audit = ok(await stack.query(stack.tokens.BJ, `query($id: ID!) { auditLog(recordId: $id) { action agency } }`, { id: beijingRecall.id })).auditLog;
    expect(audit[0]).toEqual({ action: 'UPDATE', agency: 'bj-samr' });
    expect(audit.some((entry: { agency: string }) => entry.agency === 'he-samr')).toBe(false);
  });

  it('refuses HE creating records for Beijing straight at the Beijing subgraph', async () => {
    const result = await stack.querySubgraph('BJ', DEVELOPMENT_AGENCIES.HE, CREATE_ALERT, {
      input: { title: '冒名预警', description: '河北身份写北京', productCategory: 'TOYS', hazardType: 'CHOKING', riskLevel: 'LOW', source: 'SAMPLING' },
    });
    expectRefusal(result, { code: 'FORBIDDEN', message: [/may not issue a risk alert/, /records of 北京 \(BJ\) are written only by its own agencies/] });
  });
});
