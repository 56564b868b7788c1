import type { Document, Filter } from 'mongodb';
import type { RecordEventType } from '../../../../contract';
import type { RegionCode } from '../../../../kernel';
import { now as clockNow } from '../../../../platform/clock';
import { requireOwnRegionWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { BadUserInputError, IllegalTransitionError, NotFoundError } from '../../data/domainErrors';
import { allOf, dateRangeClause, oneOfClause, regionClause, textClause } from '../../data/filters';
import { insertWithEvent, writeWithEvent, type EventedRecords } from '../../data/recordWrites';
import {
  optionalText,
  requireCount,
  requireCreditCodeInput,
  requireDateOrder,
  requirePhoneInput,
  requireRecallNumberInput,
  requireRecordDate,
  requireRecordIdInput,
  requireRecordIdList,
  requireText,
  requireTextList,
} from '../../data/validation';
import { withUniqueField } from '../../data/writeErrors';
import type { ProductRecallDocument, RecallStatus } from '../../model';
import type { CreateRecallInput, RecallFilter, UpdateRecallInput } from './recall.inputs';
import { recallTransitionRefusal } from './recall.workflow';

export function recallFilterToMongo(filter: RecallFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    oneOfClause('productCategory', filter.categories, 'filter.categories'),
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    oneOfClause('remedy', filter.remedies, 'filter.remedies'),
    dateRangeClause('announcedAt', filter.announcedFrom, filter.announcedTo, 'filter.announcedFrom'),
    filter.enterpriseCreditCode ? { 'manufacturer.creditCode': requireCreditCodeInput('filter.enterpriseCreditCode', filter.enterpriseCreditCode, { anyRegion: true }) } : null,
    filter.riskAlertId ? { riskAlertIds: requireRecordIdInput('filter.riskAlertId', filter.riskAlertId, 'RSK') } : null,
    textClause(filter.text, ['productName', 'brand', 'defect', 'hazard']),
  ]);
}

/** A change's one event: reaching CANCELLED (withdrawn) or COMPLETED is an event of its own, anything else an update. */
function recallChangeEvent(newStatus: RecallStatus | undefined): RecordEventType {
  if (newStatus === 'CANCELLED') return 'RECALL_CANCELLED';
  if (newStatus === 'COMPLETED') return 'RECALL_COMPLETED';
  return 'RECALL_UPDATED';
}

export const RECALLS: EventedRecords<ProductRecallDocument> = {
  entity: 'ProductRecall',
  label: 'recall',
  idType: 'RCL',
  collection: (database) => database.recalls,
  snapshot: (recall) => ({ region: recall.region, category: recall.productCategory, status: recall.status, enterpriseCreditCodes: [recall.manufacturer.creditCode], links: { riskAlertIds: [...recall.riskAlertIds] } }),
};

export async function createRecall(context: RegionalContext, input: CreateRecallInput): Promise<ProductRecallDocument> {
  const caller = requireOwnRegionWriter(context, 'publish a recall');
  const now = clockNow();
  const productionStart = input.productionStart;
  const productionEnd = input.productionEnd;
  requireDateOrder('productionStart', productionStart, productionEnd);
  const quantityMade = requireCount('quantityMade', input.quantityMade);
  const quantityToRecall = requireCount('quantityToRecall', input.quantityToRecall);
  if (quantityToRecall > quantityMade) throw new BadUserInputError('quantityToRecall', `quantityToRecall (${quantityToRecall}) exceeds quantityMade (${quantityMade})`);
  const announcedAt = requireRecordDate('announcedAt', input.announcedAt ?? now, now);
  if (announcedAt.getTime() < productionStart.getTime()) throw new BadUserInputError('announcedAt', 'a recall cannot be announced before production started');
  const fields = {
    region: context.region,
    recallNumber: requireRecallNumberInput('recallNumber', input.recallNumber, context.region, announcedAt),
    productName: requireText('productName', input.productName, { max: 200 }),
    brand: requireText('brand', input.brand, { max: 100 }),
    models: requireTextList('models', input.models, { maxItems: 100, maxLength: 100 }),
    batches: requireTextList('batches', input.batches, { maxItems: 200, maxLength: 100 }),
    manufacturer: {
      // A maker anywhere in China: recalls name the producer of what is sold here (README, "Validation").
      creditCode: requireCreditCodeInput('manufacturer.creditCode', input.manufacturer.creditCode, { anyRegion: true }),
      name: requireText('manufacturer.name', input.manufacturer.name, { max: 200 }),
      contact: {
        person: requireText('manufacturer.contact.person', input.manufacturer.contact.person, { max: 50 }),
        phone: requirePhoneInput('manufacturer.contact.phone', input.manufacturer.contact.phone, ['MOBILE', 'LANDLINE', 'SERVICE']),
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
  return withUniqueField('recallNumber', `recall number ${fields.recallNumber}`, () =>
    insertWithEvent(context, RECALLS, {
      fields,
      datedAt: announcedAt,
      event: 'RECALL_PUBLISHED',
      audit: { caller, detail: `published recall ${fields.recallNumber}` },
    }),
  );
}

export async function updateRecall(context: RegionalContext, id: string, input: UpdateRecallInput): Promise<ProductRecallDocument> {
  const caller = requireOwnRegionWriter(context, 'change a recall');
  requireRecordIdInput('id', id, 'RCL');
  const existing = await context.database.recalls.findOne({ _id: id });
  if (!existing) throw new NotFoundError(`recall ${id} does not exist in region ${context.region}`);
  const changes: Partial<ProductRecallDocument> = {};
  if (input.status && input.status !== existing.status) {
    const refusal = recallTransitionRefusal(existing.status, input.status);
    if (refusal) throw new IllegalTransitionError(refusal);
    changes.status = input.status;
  }
  if (input.quantityToRecall !== null && input.quantityToRecall !== undefined) {
    const quantity = requireCount('quantityToRecall', input.quantityToRecall);
    if (quantity > existing.quantityMade) throw new BadUserInputError('quantityToRecall', `quantityToRecall (${quantity}) exceeds quantityMade (${existing.quantityMade})`);
    changes.quantityToRecall = quantity;
  }
  if (input.remedy) changes.remedy = input.remedy;
  if (input.productCategory) changes.productCategory = input.productCategory;
  const defect = optionalText('defect', input.defect, 2000);
  if (defect) changes.defect = defect;
  const hazard = optionalText('hazard', input.hazard, 2000);
  if (hazard) changes.hazard = hazard;
  if (input.salesAreas) changes.salesAreas = requireTextList('salesAreas', input.salesAreas, { maxItems: 40, maxLength: 50 });
  if (input.riskAlertIds) changes.riskAlertIds = requireRecordIdList('riskAlertIds', input.riskAlertIds, 'RSK');
  return writeWithEvent(context, RECALLS, {
    existing,
    set: changes,
    event: recallChangeEvent(changes.status),
    audit: { caller, action: 'UPDATE', detail: `changed ${Object.keys(changes).join(', ') || 'nothing'}` },
  });
}
