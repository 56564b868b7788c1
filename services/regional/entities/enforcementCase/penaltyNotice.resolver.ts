import { Resolver, UseMiddleware } from 'type-graphql';
import type { SortKey } from '../../data/keysetPage';
import { EntityQueries, recordIdArgument } from '../../graphql/entityQueries';
import { mapDomainErrors } from '../../graphql/errors';
import type { EnforcementCaseDocument } from '../../model';
import { PenaltyNoticeFilter, PenaltyNoticeOrder, PenaltyNoticeOrderField } from './enforcementCase.inputs';
import { penaltyNoticeOf } from './enforcementCase.privacy';
import { penaltyNoticeFilterToMongo } from './enforcementCase.service';
import { PenaltyNotice, PenaltyNoticeConnection } from './enforcementCase.type';
import { monthOf } from '../../data/groupStatistics';

const NOTICE_SORT_KEYS: Record<PenaltyNoticeOrderField, SortKey> = {
  [PenaltyNoticeOrderField.DECIDED_AT]: { path: 'decidedAt', kind: 'date' },
  [PenaltyNoticeOrderField.FINE]: { path: 'penalty.fineFen', kind: 'number' },
};

/** Only published decisions load as notices (the filter and the by-ID query both leave the others out). */
function publishedOnly(document: EnforcementCaseDocument | null): EnforcementCaseDocument | null {
  return document && document.publishedAt ? document : null;
}

const PenaltyNoticeQueries = EntityQueries({
  entity: 'PenaltyNotice',
  node: PenaltyNotice,
  connection: PenaltyNoticeConnection,
  filter: PenaltyNoticeFilter,
  order: PenaltyNoticeOrder,
  documents: (database) => database.enforcementCases,
  loader: (loaders) => ({ load: async (id: string) => publishedOnly(await loaders.enforcementCase.load(id)) }) as never,
  toNode: (document: EnforcementCaseDocument) => penaltyNoticeOf(document)!,
  toMongoFilter: penaltyNoticeFilterToMongo,
  sortKeys: NOTICE_SORT_KEYS,
  defaultOrder: PenaltyNoticeOrderField.DECIDED_AT,
  byKey: {
    name: 'penaltyNotice',
    description: 'A published penalty decision (行政处罚信息公示) by its case’s ID; readable with the public token; null until published',
    ...recordIdArgument('ENF', 'enforcement case', 'TJ-ENF-2026-000012'),
  },
  list: { name: 'penaltyNotices', description: 'Published penalty decisions of all regions, newest first; readable with the public token' },
  statistics: {
    name: 'penaltyNoticeStatistics',
    description: 'Published penalty decisions and their fines (sum, in yuan) by region, domain (CATEGORY) and month decided',
    dimensions: { REGION: '$region', CATEGORY: '$domain', MONTH: monthOf('decidedAt') },
    measures: () => ({ sumPath: 'penalty.fineFen', sumDivisor: 100 }),
  },
});

@Resolver(() => PenaltyNotice)
@UseMiddleware(mapDomainErrors)
export class PenaltyNoticeResolver extends PenaltyNoticeQueries {}
