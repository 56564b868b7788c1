import type { Document, Filter } from 'mongodb';
import type { RegionCode } from '../../../../kernel';
import { allOf, dateRangeClause, minimumClause, oneOfClause, regionClause, textClause } from '../../data/filters';
import { insertWithNewId } from '../../data/recordIds';
import type { SortKey } from '../../data/keysetPage';
import { requireCreditCodeInput, requireNotFuture, requireRecordIdInput, requireRecordIdList, requireText } from '../../data/validation';
import { badUserInput, illegalTransition, notFound } from '../../graphql/errors';
import { RISK_LEVEL_RANKS, type RiskAlertDocument, type RiskAlertStatus, type RiskLevel } from '../../model';
import type { RegionalContext } from '../../context';
import { requireOwnRegionWriter } from '../../auth/policy';
import { recordAudit } from '../../data/audit';
import { outboxEvent, type EventSnapshot, type RecordEventType } from '../../data/outbox';
import { RiskAlertOrderField, type CreateRiskAlertInput, type RiskAlertFilter } from './riskAlert.inputs';

export const RISK_ALERT_SORT_KEYS: Record<RiskAlertOrderField, SortKey> = {
  [RiskAlertOrderField.ISSUED_AT]: { path: 'issuedAt', kind: 'date' },
  [RiskAlertOrderField.RISK_LEVEL]: { path: 'riskLevelRank', kind: 'number' },
  [RiskAlertOrderField.ID]: { path: '_id', kind: 'string' },
};

export const MAX_ENTERPRISES_PER_ALERT = 50;
export const MAX_RECALLS_PER_ALERT = 200;

export function riskAlertFilterToMongo(filter: RiskAlertFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    oneOfClause('productCategory', filter.categories, 'filter.categories'),
    oneOfClause('hazardType', filter.hazardTypes, 'filter.hazardTypes'),
    oneOfClause('riskLevel', filter.levels, 'filter.levels'),
    minimumClause('riskLevelRank', filter.minimumLevel ? RISK_LEVEL_RANKS[filter.minimumLevel] : null),
    oneOfClause('source', filter.sources, 'filter.sources'),
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    dateRangeClause('issuedAt', filter.issuedFrom, filter.issuedTo, 'filter.issuedFrom'),
    filter.enterpriseCreditCode ? { enterpriseCreditCodes: requireCreditCodeInput('filter.enterpriseCreditCode', filter.enterpriseCreditCode) } : null,
    filter.recallId ? { relatedRecallIds: requireRecordIdInput('filter.recallId', filter.recallId, 'RCL') } : null,
    textClause(filter.text, ['title', 'description']),
  ]);
}

/** Alert statuses and the ones each may move to (预警: 发布 → 升级 → 解除); RESOLVED is final. */
const RISK_ALERT_TRANSITIONS: Record<RiskAlertStatus, readonly RiskAlertStatus[]> = {
  OPEN: ['ESCALATED', 'RESOLVED'],
  ESCALATED: ['ESCALATED', 'RESOLVED'],
  RESOLVED: [],
};

function requireTransition(alert: RiskAlertDocument, to: RiskAlertStatus): void {
  const allowed = RISK_ALERT_TRANSITIONS[alert.status];
  if (!allowed.includes(to)) {
    throw illegalTransition(`risk alert ${alert._id} cannot go from ${alert.status} to ${to}; allowed: ${allowed.join(', ') || 'none'}`);
  }
}

/** Credit codes of the enterprises concerned: each valid (any region), duplicates dropped. */
function requireCreditCodeList(field: string, values: readonly string[] | null | undefined, maxItems: number): string[] {
  const list = values ?? [];
  if (list.length > maxItems) throw badUserInput(field, `${field} has more than ${maxItems} entries`);
  return [...new Set(list.map((value, i) => requireCreditCodeInput(`${field}[${i}]`, value)))];
}

function riskAlertSnapshot(alert: Pick<RiskAlertDocument, 'region' | 'productCategory' | 'status' | 'riskLevelRank' | 'enterpriseCreditCodes'>): EventSnapshot {
  return {
    region: alert.region,
    category: alert.productCategory,
    status: alert.status,
    riskLevelRank: alert.riskLevelRank,
    enterpriseCreditCodes: [...alert.enterpriseCreditCodes],
  };
}

async function loadOwnAlert(context: RegionalContext, field: string, id: string): Promise<RiskAlertDocument> {
  requireRecordIdInput(field, id, 'RSK');
  const existing = await context.database.riskAlerts.findOne({ _id: id });
  if (!existing) throw notFound(`risk alert ${id} does not exist in region ${context.region}`);
  return existing;
}

/** Applies `changes` if nobody changed the alert since it was read (optimistic `updatedAt` check), with its event. */
async function saveAlert(
  context: RegionalContext,
  existing: RiskAlertDocument,
  changes: Partial<RiskAlertDocument>,
  eventType: RecordEventType,
  extra: Document = {},
): Promise<RiskAlertDocument> {
  const now = new Date();
  const event = outboxEvent(eventType, 'RiskAlert', existing._id, riskAlertSnapshot({ ...existing, ...changes }), now);
  const updated = await context.database.riskAlerts.findOneAndUpdate(
    { _id: existing._id, updatedAt: existing.updatedAt },
    { $set: { ...changes, updatedAt: now, outboxPending: true }, $push: { outbox: event }, ...extra },
    { returnDocument: 'after' },
  );
  if (!updated) throw badUserInput('id', `risk alert ${existing._id} was changed concurrently; reload and retry`);
  return updated;
}

export async function createRiskAlert(context: RegionalContext, input: CreateRiskAlertInput): Promise<RiskAlertDocument> {
  const caller = requireOwnRegionWriter(context, 'issue a risk alert');
  const now = new Date();
  const issuedAt = input.issuedAt ?? now;
  requireNotFuture('issuedAt', issuedAt, now);
  const fields = {
    region: context.region,
    title: requireText('title', input.title, { max: 200 }),
    description: requireText('description', input.description, { max: 5000 }),
    productCategory: input.productCategory,
    hazardType: input.hazardType,
    riskLevel: input.riskLevel,
    riskLevelRank: RISK_LEVEL_RANKS[input.riskLevel],
    source: input.source,
    status: 'OPEN' as const,
    issuedAt,
    resolvedAt: null,
    enterpriseCreditCodes: requireCreditCodeList('enterpriseCreditCodes', input.enterpriseCreditCodes, MAX_ENTERPRISES_PER_ALERT),
    relatedRecallIds: requireRecordIdList('relatedRecallIds', input.relatedRecallIds, 'RCL', MAX_RECALLS_PER_ALERT),
    createdAt: now,
    updatedAt: now,
  };
  const { riskAlerts, counters } = context.database;
  const created = await insertWithNewId(riskAlerts, counters, context.region, 'RSK', issuedAt, (id) => ({
    _id: id,
    ...fields,
    outbox: [outboxEvent('RISK_ALERT_RAISED', 'RiskAlert', id, riskAlertSnapshot(fields), now)],
    outboxPending: true,
  }));
  context.outboxWritten();
  await recordAudit(context.database.auditLog, caller, { action: 'CREATE', entity: 'RiskAlert', recordId: created._id, detail: `issued ${fields.riskLevel} risk alert` });
  return created;
}

export async function escalateRiskAlert(context: RegionalContext, id: string, level: RiskLevel): Promise<RiskAlertDocument> {
  const caller = requireOwnRegionWriter(context, 'escalate a risk alert');
  const existing = await loadOwnAlert(context, 'id', id);
  requireTransition(existing, 'ESCALATED');
  const rank = RISK_LEVEL_RANKS[level];
  if (rank <= existing.riskLevelRank) {
    throw badUserInput('level', `escalating risk alert ${id} needs a level above its current ${existing.riskLevel}, got ${level}`);
  }
  const updated = await saveAlert(context, existing, { riskLevel: level, riskLevelRank: rank, status: 'ESCALATED' }, 'RISK_ALERT_ESCALATED');
  context.outboxWritten();
  await recordAudit(context.database.auditLog, caller, { action: 'TRANSITION', entity: 'RiskAlert', recordId: id, detail: `escalated from ${existing.riskLevel} to ${level}` });
  return updated;
}

export async function resolveRiskAlert(context: RegionalContext, id: string, resolvedAtInput: Date | null | undefined): Promise<RiskAlertDocument> {
  const caller = requireOwnRegionWriter(context, 'resolve a risk alert');
  const existing = await loadOwnAlert(context, 'id', id);
  requireTransition(existing, 'RESOLVED');
  const now = new Date();
  const resolvedAt = resolvedAtInput ?? now;
  requireNotFuture('resolvedAt', resolvedAt, now);
  if (resolvedAt.getTime() < existing.issuedAt.getTime()) {
    throw badUserInput('resolvedAt', `resolvedAt (${resolvedAt.toISOString()}) is before the alert was issued (${existing.issuedAt.toISOString()})`);
  }
  const updated = await saveAlert(context, existing, { status: 'RESOLVED', resolvedAt }, 'RISK_ALERT_RESOLVED');
  context.outboxWritten();
  await recordAudit(context.database.auditLog, caller, { action: 'TRANSITION', entity: 'RiskAlert', recordId: id, detail: `resolved from ${existing.status}` });
  return updated;
}

export async function linkRecallToRiskAlert(context: RegionalContext, riskAlertId: string, recallId: string): Promise<RiskAlertDocument> {
  const caller = requireOwnRegionWriter(context, 'link a recall to a risk alert');
  requireRecordIdInput('recallId', recallId, 'RCL');
  const existing = await loadOwnAlert(context, 'riskAlertId', riskAlertId);
  if (existing.relatedRecallIds.includes(recallId)) return existing;
  if (existing.relatedRecallIds.length >= MAX_RECALLS_PER_ALERT) {
    throw badUserInput('recallId', `risk alert ${riskAlertId} already lists ${MAX_RECALLS_PER_ALERT} recalls`);
  }
  const updated = await saveAlert(context, existing, {}, 'RISK_ALERT_UPDATED', { $addToSet: { relatedRecallIds: recallId } });
  context.outboxWritten();
  await recordAudit(context.database.auditLog, caller, { action: 'UPDATE', entity: 'RiskAlert', recordId: riskAlertId, detail: `linked recall ${recallId}` });
  return updated;
}
