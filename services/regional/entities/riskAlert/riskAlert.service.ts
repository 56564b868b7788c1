import type { Document, Filter } from 'mongodb';
import type { RegionCode } from '../../../../kernel';
import { now as clockNow } from '../../../../platform/clock';
import { requireOwnRegionWriter } from '../../auth/policy';
import type { RegionalContext } from '../../context';
import { BadUserInputError, ConcurrentChangeError, IllegalTransitionError, NotFoundError } from '../../data/domainErrors';
import { allOf, dateRangeClause, minimumClause, oneOfClause, regionClause, textClause } from '../../data/filters';
import { insertWithEvent, writeWithEvent, type EventedRecords } from '../../data/recordWrites';
import { requireCreditCodeInput, requireCreditCodeList, requireRecordDate, requireRecordIdInput, requireRecordIdList, requireText } from '../../data/validation';
import { RISK_LEVEL_RANKS, type RiskAlertDocument, type RiskAlertStatus, type RiskLevel } from '../../model';
import type { CreateRiskAlertInput, RiskAlertFilter } from './riskAlert.inputs';
import { riskAlertTransitionRefusal } from './riskAlert.workflow';

const MAX_ENTERPRISES_PER_ALERT = 50;
const MAX_RECALLS_PER_ALERT = 200;

export function riskAlertFilterToMongo(filter: RiskAlertFilter | null | undefined, region: RegionCode): Filter<Document> {
  if (!filter) return {};
  return allOf([
    regionClause(filter.regions, region),
    oneOfClause('productCategory', filter.categories, 'filter.categories'),
    oneOfClause('hazardType', filter.hazardTypes, 'filter.hazardTypes'),
    // By rank, which riskLevel determines (riskAlert.workflow checks it): the rank has an index that counts totalCount.
    oneOfClause('riskLevelRank', filter.levels?.map((level) => RISK_LEVEL_RANKS[level]), 'filter.levels'),
    minimumClause('riskLevelRank', filter.minimumLevel ? RISK_LEVEL_RANKS[filter.minimumLevel] : null),
    oneOfClause('source', filter.sources, 'filter.sources'),
    oneOfClause('status', filter.statuses, 'filter.statuses'),
    dateRangeClause('issuedAt', filter.issuedFrom, filter.issuedTo, 'filter.issuedFrom'),
    filter.enterpriseCreditCode ? { enterpriseCreditCodes: requireCreditCodeInput('filter.enterpriseCreditCode', filter.enterpriseCreditCode, { anyRegion: true }) } : null,
    filter.recallId ? { relatedRecallIds: requireRecordIdInput('filter.recallId', filter.recallId, 'RCL') } : null,
    textClause(filter.text, ['title', 'description']),
  ]);
}

function requireTransition(alert: RiskAlertDocument, to: RiskAlertStatus): void {
  const refusal = riskAlertTransitionRefusal(alert, to);
  if (refusal) throw new IllegalTransitionError(refusal);
}

export const RISK_ALERTS: EventedRecords<RiskAlertDocument> = {
  entity: 'RiskAlert',
  label: 'risk alert',
  idType: 'RSK',
  collection: (database) => database.riskAlerts,
  snapshot: (alert) => ({
    region: alert.region,
    category: alert.productCategory,
    status: alert.status,
    riskLevelRank: alert.riskLevelRank,
    enterpriseCreditCodes: [...alert.enterpriseCreditCodes],
    links: { relatedRecallIds: [...alert.relatedRecallIds] },
  }),
};

async function loadOwnAlert(context: RegionalContext, field: string, id: string): Promise<RiskAlertDocument> {
  requireRecordIdInput(field, id, 'RSK');
  const existing = await context.database.riskAlerts.findOne({ _id: id });
  if (!existing) throw new NotFoundError(`risk alert ${id} does not exist in region ${context.region}`);
  return existing;
}

export async function createRiskAlert(context: RegionalContext, input: CreateRiskAlertInput): Promise<RiskAlertDocument> {
  const caller = requireOwnRegionWriter(context, 'issue a risk alert');
  const now = clockNow();
  const issuedAt = requireRecordDate('issuedAt', input.issuedAt ?? now, now);
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
    // An alert may name makers and sellers anywhere in China (a product made elsewhere and sold here).
    enterpriseCreditCodes: requireCreditCodeList('enterpriseCreditCodes', input.enterpriseCreditCodes, MAX_ENTERPRISES_PER_ALERT, { anyRegion: true }),
    relatedRecallIds: requireRecordIdList('relatedRecallIds', input.relatedRecallIds, 'RCL', MAX_RECALLS_PER_ALERT),
    createdAt: now,
    updatedAt: now,
  };
  return insertWithEvent(context, RISK_ALERTS, {
    fields,
    datedAt: issuedAt,
    event: 'RISK_ALERT_RAISED',
    audit: { caller, detail: `issued ${fields.riskLevel} risk alert` },
  });
}

export async function escalateRiskAlert(context: RegionalContext, id: string, level: RiskLevel): Promise<RiskAlertDocument> {
  const caller = requireOwnRegionWriter(context, 'escalate a risk alert');
  const existing = await loadOwnAlert(context, 'id', id);
  requireTransition(existing, 'ESCALATED');
  const rank = RISK_LEVEL_RANKS[level];
  if (rank <= existing.riskLevelRank) {
    throw new BadUserInputError('level', `escalating risk alert ${id} needs a level above its current ${existing.riskLevel}, got ${level}`);
  }
  return writeWithEvent(context, RISK_ALERTS, {
    existing,
    set: { riskLevel: level, riskLevelRank: rank, status: 'ESCALATED' },
    event: 'RISK_ALERT_ESCALATED',
    audit: { caller, action: 'TRANSITION', detail: `escalated from ${existing.riskLevel} to ${level}` },
  });
}

export async function resolveRiskAlert(context: RegionalContext, id: string, resolvedAtInput: Date | null | undefined): Promise<RiskAlertDocument> {
  const caller = requireOwnRegionWriter(context, 'resolve a risk alert');
  const existing = await loadOwnAlert(context, 'id', id);
  requireTransition(existing, 'RESOLVED');
  const now = clockNow();
  const resolvedAt = requireRecordDate('resolvedAt', resolvedAtInput ?? now, now);
  if (resolvedAt.getTime() < existing.issuedAt.getTime()) {
    throw new BadUserInputError('resolvedAt', `resolvedAt (${resolvedAt.toISOString()}) is before the alert was issued (${existing.issuedAt.toISOString()})`);
  }
  return writeWithEvent(context, RISK_ALERTS, {
    existing,
    set: { status: 'RESOLVED', resolvedAt },
    event: 'RISK_ALERT_RESOLVED',
    audit: { caller, action: 'TRANSITION', detail: `resolved from ${existing.status}` },
  });
}

/** Tries of linkRecallToRiskAlert against writes that changed the alert meanwhile. */
const MAX_LINK_ATTEMPTS = 5;

export async function linkRecallToRiskAlert(context: RegionalContext, riskAlertId: string, recallId: string): Promise<RiskAlertDocument> {
  const caller = requireOwnRegionWriter(context, 'link a recall to a risk alert');
  requireRecordIdInput('recallId', recallId, 'RCL');
  // Linking is idempotent, so a record changed meanwhile (often by this region's back-link keeper adding the very
  // same link) is read again and the link added to what is there now, instead of answering CONFLICT.
  for (let attempt = 1; ; attempt++) {
    const existing = await loadOwnAlert(context, 'riskAlertId', riskAlertId);
    if (existing.relatedRecallIds.includes(recallId)) return existing;
    if (existing.relatedRecallIds.length >= MAX_RECALLS_PER_ALERT) {
      throw new BadUserInputError('recallId', `risk alert ${riskAlertId} already lists ${MAX_RECALLS_PER_ALERT} recalls`);
    }
    try {
      return await writeWithEvent(context, RISK_ALERTS, {
        existing,
        addToSet: { relatedRecallIds: recallId },
        event: 'RISK_ALERT_UPDATED',
        audit: { caller, action: 'UPDATE', detail: `linked recall ${recallId}` },
      });
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError) || attempt >= MAX_LINK_ATTEMPTS) throw error;
    }
  }
}
