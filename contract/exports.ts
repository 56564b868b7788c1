import {
  COMPLAINT_CATEGORY_LABELS,
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_STATUS_LABELS,
  CONTRACT_CATEGORY_LABELS,
  CONTRACT_TEMPLATE_STATUS_LABELS,
  HAZARD_TYPE_LABELS,
  PRODUCT_CATEGORY_LABELS,
  RECALL_REMEDY_LABELS,
  RECALL_STATUS_LABELS,
  RISK_ALERT_STATUS_LABELS,
  RISK_LEVEL_LABELS,
  RISK_SOURCE_LABELS,
} from '../kernel';
import { CASE_EXPORTS } from './caseExports';
import { REGION_LABELS, type ExportDeclaration } from './exportColumns';
import { QUALITY_EXPORTS } from './qualityExports';

export * from './exportColumns';

/**
 * Bulk exports (`GET /export/<name>`): which lists may be exported, with which columns and sort keys. The gateway
 * reads the rows from the regions' own list fields (so authorisation and masking are the regions' code), builds the
 * filter parameters from the list's filter input in the composed schema, and checks these declarations against it
 * at start: a new export is a declaration here, no gateway edit.
 */

export const EXPORTS: readonly ExportDeclaration[] = [
  // Issue 19's first five; then the later entities with root lists (enforcement: issue 20, quality: issue 21).
  {
    name: 'recalls',
    title: '缺陷产品召回',
    listField: 'recalls',
    entity: 'ProductRecall',
    sortKeys: ['ANNOUNCED_AT', 'QUANTITY_TO_RECALL', 'ID'],
    columns: [
      { path: 'id', header: '编号' },
      { path: 'region', header: '地区', labels: REGION_LABELS },
      { path: 'recallNumber', header: '召回公告号' },
      { path: 'productName', header: '产品名称' },
      { path: 'brand', header: '品牌' },
      { path: 'productCategory', header: '产品类别', labels: PRODUCT_CATEGORY_LABELS },
      { path: 'models', header: '型号', kind: 'list' },
      { path: 'manufacturer.name', header: '生产者' },
      { path: 'manufacturer.creditCode', header: '生产者统一社会信用代码' },
      { path: 'manufacturer.contact.person', header: '联系人' },
      { path: 'manufacturer.contact.phone', header: '联系电话' },
      { path: 'productionStart', header: '生产起始时间', kind: 'dateTime' },
      { path: 'productionEnd', header: '生产截止时间', kind: 'dateTime' },
      { path: 'quantityMade', header: '生产数量', kind: 'number' },
      { path: 'quantityToRecall', header: '召回数量', kind: 'number' },
      { path: 'defect', header: '缺陷' },
      { path: 'hazard', header: '可能造成的危害' },
      { path: 'remedy', header: '召回措施', labels: RECALL_REMEDY_LABELS },
      { path: 'status', header: '状态', labels: RECALL_STATUS_LABELS },
      { path: 'announcedAt', header: '发布时间', kind: 'dateTime' },
      { path: 'riskAlertIds', header: '关联风险预警', kind: 'list' },
    ],
  },
  {
    name: 'riskAlerts',
    title: '风险预警',
    listField: 'riskAlerts',
    entity: 'RiskAlert',
    sortKeys: ['ISSUED_AT', 'RISK_LEVEL', 'ID'],
    columns: [
      { path: 'id', header: '编号' },
      { path: 'region', header: '地区', labels: REGION_LABELS },
      { path: 'title', header: '标题' },
      { path: 'productCategory', header: '产品类别', labels: PRODUCT_CATEGORY_LABELS },
      { path: 'hazardType', header: '危害类型', labels: HAZARD_TYPE_LABELS },
      { path: 'riskLevel', header: '风险等级', labels: RISK_LEVEL_LABELS },
      { path: 'source', header: '信息来源', labels: RISK_SOURCE_LABELS },
      { path: 'status', header: '状态', labels: RISK_ALERT_STATUS_LABELS },
      { path: 'issuedAt', header: '发布时间', kind: 'dateTime' },
      { path: 'resolvedAt', header: '解除时间', kind: 'dateTime' },
      { path: 'enterpriseCreditCodes', header: '涉及企业统一社会信用代码', kind: 'list' },
      { path: 'relatedRecallIds', header: '关联召回', kind: 'list' },
      { path: 'description', header: '描述' },
    ],
  },
  {
    name: 'complaints',
    title: '消费投诉',
    listField: 'complaints',
    entity: 'ConsumerComplaint',
    sortKeys: ['RECEIVED_AT', 'AMOUNT_IN_DISPUTE', 'ID'],
    columns: [
      { path: 'id', header: '编号' },
      { path: 'receivingRegion', header: '受理地区', labels: REGION_LABELS },
      { path: 'handlingRegion', header: '处理地区', labels: REGION_LABELS },
      { path: 'channel', header: '投诉渠道', labels: COMPLAINT_CHANNEL_LABELS },
      { path: 'category', header: '投诉类别', labels: COMPLAINT_CATEGORY_LABELS },
      { path: 'business.name', header: '被投诉经营者' },
      { path: 'business.creditCode', header: '经营者统一社会信用代码' },
      { path: 'subject', header: '投诉主题' },
      { path: 'amountInDispute', header: '争议金额（元）', kind: 'number' },
      { path: 'status', header: '状态', labels: COMPLAINT_STATUS_LABELS },
      { path: 'receivedAt', header: '登记时间', kind: 'dateTime' },
      { path: 'acceptDeadline', header: '受理期限', kind: 'dateTime' },
      { path: 'mediationDeadline', header: '调解期限', kind: 'dateTime' },
      { path: 'closedAt', header: '办结时间', kind: 'dateTime' },
      { path: 'overdue', header: '是否超期', kind: 'boolean' },
      { path: 'consumer.name', header: '消费者姓名' },
      { path: 'consumer.phone', header: '消费者电话' },
      { path: 'consumer.address', header: '消费者地址' },
      { path: 'consumer.masked', header: '个人信息已脱敏', kind: 'boolean' },
    ],
  },
  {
    name: 'contractTemplates',
    title: '合同示范文本',
    listField: 'contractTemplates',
    entity: 'ContractTemplate',
    sortKeys: ['UPDATED_AT', 'VERSION', 'ID'],
    columns: [
      { path: 'id', header: '编号' },
      { path: 'code', header: '文本编号' },
      { path: 'lineage', header: '文本系列' },
      { path: 'title', header: '名称' },
      { path: 'category', header: '合同类别', labels: CONTRACT_CATEGORY_LABELS },
      { path: 'version', header: '版本', kind: 'number' },
      { path: 'status', header: '状态', labels: CONTRACT_TEMPLATE_STATUS_LABELS },
      { path: 'draftingRegion', header: '起草地区', labels: REGION_LABELS },
      { path: 'endorsedBy', header: '本轮已会签地区', kind: 'list', labels: REGION_LABELS },
      { path: 'effectiveFrom', header: '生效时间', kind: 'dateTime' },
      { path: 'updatedAt', header: '更新时间', kind: 'dateTime' },
    ],
  },
  {
    name: 'enterprises',
    title: '市场主体',
    listField: 'enterprises',
    entity: 'Enterprise',
    sortKeys: ['ESTABLISHED_AT', 'CREDIT_CODE'],
    columns: [
      { path: 'creditCode', header: '统一社会信用代码' },
      { path: 'name', header: '名称' },
      { path: 'registrationRegion', header: '登记地区', labels: REGION_LABELS },
      { path: 'address', header: '住所' },
      { path: 'legalRepresentative', header: '法定代表人' },
      { path: 'industry', header: '行业' },
      { path: 'establishedAt', header: '成立日期', kind: 'dateTime' },
    ],
  },
  ...CASE_EXPORTS,
  ...QUALITY_EXPORTS,
];

/** The header that marks a region request as a page of an export (its id), so the region audits the export once. */
export const EXPORT_HEADER = 'x-jjj-export';

/** An export id: what the gateway sends in EXPORT_HEADER and the region keys its audit entry by. */
export const EXPORT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
