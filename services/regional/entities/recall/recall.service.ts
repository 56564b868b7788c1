import type { Document, Filter } from 'mongodb';
import type { RegionCode } from '../../../../kernel';
import { allOf, dateRangeClause, oneOfClause, regionClause, textClause } from '../../data/filters';
import { insertWithNewId } from '../../data/recordIds';
import type { SortKey } from '../../data/keysetPage';
import {
  optionalText,
  requireCount,
  requireCreditCodeInput,
  requireDateOrder,
  requireRecordIdInput,
  requireRecordIdList,
  requireText,
  requireTextList,
} from '../../data/validation';
import { withUniqueField } from '../../data/writeErrors';
import { badUserInput, illegalTransition, notFound } from '../../graphql/errors';
import type { ProductRecallDocument, RecallStatus } from '../../model';
import type { RegionalContext } from '../../context';
import { requireOwnRegionWriter } from '../../auth/policy';
import { recordAudit } from '../../data/audit';
import { outboxEvent, type EventSnapshot } from '../../data/outbox';
import { RecallOrderField, type CreateRecallInput, type RecallFilter, type UpdateRecallInput } from './recall.inputs';

export const RECALL_SORT_KEYS: Record<RecallOrderField, SortKey> = {
  [RecallOrderField.ANNOUNCED_AT]: { path: 'announcedAt', kind: 'date' },
  [RecallOrderField.QUANTITY_TO_RECALL]: { path: 'quantityToRecall', kind: 'number' },
  [RecallOrderField.ID]: { path: '_id', kind: 'string' },
};

export function recallFilterToMongo(filter: RecallFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    oneOfClause('productCategory', filter.categories, 'filter.categories'),
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    oneOfClause('remedy', filter.remedies, 'filter.remedies'),
    dateRangeClause('announcedAt', filter.announcedFrom, filter.announcedTo, 'filter.announcedFrom'),
    filter.enterpriseCreditCode ? { 'manufacturer.creditCode': requireCreditCodeInput('filter.enterpriseCreditCode', filter.enterpriseCreditCode) } : null,
    filter.riskAlertId ? { riskAlertIds: requireRecordIdInput('filter.riskAlertId', filter.riskAlertId, 'RSK') } : null,
    textClause(filter.text, ['productName', 'brand', 'defect', 'hazard']),
  ]);
}

/** Recall statuses and the ones each may move to (召回: 发布 → 实施中 → 完成, or 撤销 before completion). */
const RECALL_TRANSITIONS: Record<RecallStatus, readonly RecallStatus[]> = {
  ANNOUNCED: ['IN_PROGRESS', 'CANCELLED'],
  IN_PROGRESS: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
};

function recallSnapshot(recall: Pick<ProductRecallDocument, 'region' | 'productCategory' | 'status' | 'manufacturer'>): EventSnapshot {
  return { region: recall.region, category: recall.productCategory, status: recall.status, enterpriseCreditCodes: [recall.manufacturer.creditCode] };
}

export async function createRecall(context: RegionalContext, input: CreateRecallInput): Promise<ProductRecallDocument> {
  const caller = requireOwnRegionWriter(context, 'publish a recall');
  const now = new Date();
  const productionStart = input.productionStart;
  const productionEnd = input.productionEnd;
  requireDateOrder('productionStart', productionStart, productionEnd);
  const quantityMade = requireCount('quantityMade', input.quantityMade);
  const quantityToRecall = requireCount('quantityToRecall', input.quantityToRecall);
  if (quantityToRecall > quantityMade) throw badUserInput('quantityToRecall', `quantityToRecall (${quantityToRecall}) exceeds quantityMade (${quantityMade})`);
  const announcedAt = input.announcedAt ?? now;
  if (announcedAt.getTime() < productionStart.getTime()) throw badUserInput('announcedAt', 'a recall cannot be announced before production started');
  const fields = {
    region: context.region,
    recallNumber: requireText('recallNumber', input.recallNumber, { max: 64 }),
    productName: requireText('productName', input.productName, { max: 200 }),
    brand: requireText('brand', input.brand, { max: 100 }),
    models: requireTextList('models', input.models, { maxItems: 100, maxLength: 100 }),
    batches: requireTextList('batches', input.batches, { maxItems: 200, maxLength: 100 }),
    manufacturer: {
      creditCode: requireCreditCodeInput('manufacturer.creditCode', input.manufacturer.creditCode),
      name: requireText('manufacturer.name', input.manufacturer.name, { max: 200 }),
      contact: {
        person: requireText('manufacturer.contact.person', input.manufacturer.contact.person, { max: 50 }),
        phone: requireText('manufacturer.contact.phone', input.manufacturer.contact.phone, { max: 30 }),
      },
    },
    productionStart,
    productionEnd,
    quantityMade,
    quantityToRecall,
    salesAreas: requireTextList('salesAreas', input.salesAreas, { maxItems: 40, maxLength: 50 }),
    defect: requireText('defect', input.defect, { max: 2000 }),
    hazard: requireText('hazard', input.hazard, { max: 2000 }),
    remedy: input.remedy,
    productCategory: input.productCategory,
    announcedAt,
    status: 'ANNOUNCED' as const,
    riskAlertIds: requireRecordIdList('riskAlertIds', input.riskAlertIds, 'RSK'),
    createdAt: now,
    updatedAt: now,
  };
  const { recalls, counters } = context.database;
  const created = await withUniqueField('recallNumber', `recall number ${fields.recallNumber}`, () =>
    insertWithNewId(recalls, counters, context.region, 'RCL', announcedAt, (id) => ({
      _id: id,
      ...fields,
      outbox: [outboxEvent('RECALL_PUBLISHED', 'ProductRecall', id, recallSnapshot(fields), now)],
      outboxPending: true,
    })),
  );
  context.outboxWritten();
  await recordAudit(context.database.auditLog, caller, { action: 'CREATE', entity: 'ProductRecall', recordId: created._id, detail: `published recall ${fields.recallNumber}` });
  return created;
}

export async function updateRecall(context: RegionalContext, id: string, input: UpdateRecallInput): Promise<ProductRecallDocument> {
  const caller = requireOwnRegionWriter(context, 'change a recall');
  requireRecordIdInput('id', id, 'RCL');
  const existing = await context.database.recalls.findOne({ _id: id });
  if (!existing) throw notFound(`recall ${id} does not exist in region ${context.region}`);
  const changes: Partial<ProductRecallDocument> = {};
  if (input.status && input.status !== existing.status) {
    if (!RECALL_TRANSITIONS[existing.status].includes(input.status)) {
      throw illegalTransition(`a recall cannot go from ${existing.status} to ${input.status}; allowed: ${RECALL_TRANSITIONS[existing.status].join(', ') || 'none'}`);
    }
    changes.status = input.status;
  }
  if (input.quantityToRecall !== null && input.quantityToRecall !== undefined) {
    const quantity = requireCount('quantityToRecall', input.quantityToRecall);
    if (quantity > existing.quantityMade) throw badUserInput('quantityToRecall', `quantityToRecall (${quantity}) exceeds quantityMade (${existing.quantityMade})`);
    changes.quantityToRecall = quantity;
  }
  if (input.remedy) changes.remedy = input.remedy;
  const defect = optionalText('defect', input.defect, 2000);
  if (defect) changes.defect = defect;
  const hazard = optionalText('hazard', input.hazard, 2000);
  if (hazard) changes.hazard = hazard;
  if (input.salesAreas) changes.salesAreas = requireTextList('salesAreas', input.salesAreas, { maxItems: 40, maxLength: 50 });
  if (input.riskAlertIds) changes.riskAlertIds = requireRecordIdList('riskAlertIds', input.riskAlertIds, 'RSK');
  const now = new Date();
  const event = outboxEvent('RECALL_UPDATED', 'ProductRecall', id, recallSnapshot({ ...existing, ...changes }), now);
  const updated = await context.database.recalls.findOneAndUpdate(
    { _id: id, updatedAt: existing.updatedAt },
    { $set: { ...changes, updatedAt: now, outboxPending: true }, $push: { outbox: event } },
    { returnDocument: 'after' },
  );
  if (!updated) throw badUserInput('id', `recall ${id} was changed concurrently; reload and retry`);
  context.outboxWritten();
  await recordAudit(context.database.auditLog, caller, { action: 'UPDATE', entity: 'ProductRecall', recordId: id, detail: `changed ${Object.keys(changes).join(', ') || 'nothing'}` });
  return updated;
}
