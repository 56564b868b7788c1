import {
  ASSISTANCE_STATUS_LABELS,
  ASSISTANCE_TYPE_LABELS,
  CASE_PARTY_KIND_LABELS,
  ENFORCEMENT_CASE_STATUS_LABELS,
  ENFORCEMENT_DOMAIN_LABELS,
  LICENCE_MEASURE_LABELS,
} from '../kernel';
import { REGION_LABELS, type ExportColumn, type ExportDeclaration } from './exportColumns';

/** A party's columns (natural persons come masked for the regions that may not read them, as in the API). */
function partyColumns(path: string, header: string): ExportColumn[] {
  return [
    { path: `${path}.kind`, header: `${header}类型`, labels: CASE_PARTY_KIND_LABELS },
    { path: `${path}.name`, header: `${header}名称（姓名）` },
    { path: `${path}.creditCode`, header: `${header}统一社会信用代码` },
    { path: `${path}.idNumber`, header: `${header}身份证件号码` },
    { path: `${path}.masked`, header: `${header}个人信息已脱敏`, kind: 'boolean' },
  ];
}

const ONLINE_STORE: readonly ExportColumn[] = [
  { path: 'onlineStore.platformName', header: '网络交易平台' },
  { path: 'onlineStore.storeName', header: '网店名称' },
];

const PENALTY: readonly ExportColumn[] = [
  { path: 'penalty.warning', header: '警告', kind: 'boolean' },
  { path: 'penalty.fine', header: '罚款（元）', kind: 'number' },
  { path: 'penalty.confiscatedIncome', header: '没收违法所得（元）', kind: 'number' },
  { path: 'penalty.confiscatedItems', header: '没收物品' },
  { path: 'penalty.licenceMeasure', header: '资格罚', labels: LICENCE_MEASURE_LABELS },
];

/** Exports of the enforcement-cooperation records (issue 20). */
export const CASE_EXPORTS: readonly ExportDeclaration[] = [
  {
    name: 'enforcementCases',
    title: '执法案件',
    listField: 'enforcementCases',
    entity: 'EnforcementCase',
    sortKeys: ['FILED_AT', 'ID'],
    columns: [
      { path: 'id', header: '编号' },
      { path: 'caseNumber', header: '案件编号' },
      { path: 'region', header: '立案地区', labels: REGION_LABELS },
      { path: 'domain', header: '执法领域', labels: ENFORCEMENT_DOMAIN_LABELS },
      { path: 'title', header: '案由' },
      ...partyColumns('parties', '当事人'),
      ...ONLINE_STORE,
      { path: 'facts', header: '违法事实' },
      { path: 'legalBasis', header: '法律依据' },
      ...PENALTY,
      { path: 'status', header: '状态', labels: ENFORCEMENT_CASE_STATUS_LABELS },
      { path: 'filedAt', header: '立案时间', kind: 'dateTime' },
      { path: 'decidedAt', header: '决定时间', kind: 'dateTime' },
      { path: 'publishedAt', header: '公示时间', kind: 'dateTime' },
      { path: 'closedAt', header: '结案时间', kind: 'dateTime' },
      { path: 'agency', header: '办案机关' },
      { path: 'recallIds', header: '关联召回', kind: 'list' },
      { path: 'riskAlertIds', header: '关联风险预警', kind: 'list' },
      { path: 'complaintIds', header: '关联投诉', kind: 'list' },
    ],
  },
  {
    name: 'penaltyNotices',
    title: '行政处罚信息公示',
    listField: 'penaltyNotices',
    entity: 'PenaltyNotice',
    sortKeys: ['DECIDED_AT', 'FINE'],
    columns: [
      { path: 'id', header: '编号' },
      { path: 'caseNumber', header: '处罚决定书文号' },
      { path: 'region', header: '地区', labels: REGION_LABELS },
      { path: 'domain', header: '执法领域', labels: ENFORCEMENT_DOMAIN_LABELS },
      { path: 'title', header: '案由' },
      { path: 'parties.kind', header: '当事人类型', labels: CASE_PARTY_KIND_LABELS },
      { path: 'parties.name', header: '当事人' },
      { path: 'parties.creditCode', header: '当事人统一社会信用代码' },
      ...ONLINE_STORE,
      { path: 'facts', header: '违法事实' },
      { path: 'legalBasis', header: '法律依据' },
      ...PENALTY,
      { path: 'decidedAt', header: '决定时间', kind: 'dateTime' },
      { path: 'publishedAt', header: '公示时间', kind: 'dateTime' },
      { path: 'agency', header: '决定机关' },
    ],
  },
  {
    name: 'assistanceRequests',
    title: '协查请求',
    listField: 'assistanceRequests',
    entity: 'AssistanceRequest',
    sortKeys: ['SENT_AT', 'REPLY_DEADLINE', 'ID'],
    columns: [
      { path: 'id', header: '编号' },
      { path: 'caseNumber', header: '案件编号' },
      { path: 'caseId', header: '案件' },
      { path: 'requestingRegion', header: '请求地区', labels: REGION_LABELS },
      { path: 'targetRegion', header: '协查地区', labels: REGION_LABELS },
      { path: 'type', header: '协查类型', labels: ASSISTANCE_TYPE_LABELS },
      ...partyColumns('party', '协查对象'),
      { path: 'request', header: '协查事项' },
      { path: 'detailsVisible', header: '可见协查内容', kind: 'boolean' },
      { path: 'status', header: '状态', labels: ASSISTANCE_STATUS_LABELS },
      { path: 'sentAt', header: '发出时间', kind: 'dateTime' },
      { path: 'workingDays', header: '答复期限（工作日）', kind: 'number' },
      { path: 'replyDeadline', header: '答复截止', kind: 'dateTime' },
      { path: 'replyDeadlineProvisional', header: '截止日期暂定', kind: 'boolean' },
      { path: 'repliedAt', header: '答复时间', kind: 'dateTime' },
      { path: 'replyWorkingDays', header: '答复用时（工作日）', kind: 'number' },
      { path: 'overdue', header: '是否超期', kind: 'boolean' },
      { path: 'closedAt', header: '办结时间', kind: 'dateTime' },
      { path: 'requestingAgency', header: '请求机关' },
      { path: 'transferredCaseId', header: '移送后立案' },
    ],
  },
];
