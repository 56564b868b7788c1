import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { ENFORCEMENT_CASE_STATUS_LABELS, ENFORCEMENT_DOMAIN_LABELS, LICENCE_MEASURE_LABELS, type Fen, type CasePartyKind, type EnforcementCaseStatus, type EnforcementDomain, type LicenceMeasure } from '../../../../kernel';
import type { EnforcementCaseDocument, Penalty as PenaltyDocument } from '../../model';
import { CasePartyKindEnum, EnforcementCaseStatusEnum, EnforcementDomainEnum, LicenceMeasureEnum, Region } from '../../graphql/enums';
import { MoneyScalar } from '../../graphql/money';
import { ConnectionType } from '../../graphql/pagination';

@ObjectType({ description: '当事人: an enterprise (by credit code) or a natural person, whose personal data is masked unless the caller’s region investigates the case' })
export class CaseParty {
  @Field(() => CasePartyKindEnum)
  kind!: CasePartyKind;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Enterprises: unified social credit code (its characters 3–4 are the registration region)' })
  creditCode!: string | null;

  @Field(() => Region, { nullable: true, description: 'Enterprises: the region where it is registered' })
  registrationRegion!: Region | null;

  @Field(() => String, { nullable: true, description: 'Persons: resident ID number (masked for other regions)' })
  idNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Persons: address (masked for other regions)' })
  address!: string | null;

  @Field(() => Boolean, { description: 'True when personal values are masked for this caller' })
  masked!: boolean;
}

@ObjectType({ description: '网店: the platform and store of an online-trade case' })
export class OnlineStore {
  @Field(() => String, { description: '平台名称' })
  platformName!: string;

  @Field(() => String, { description: '店铺名称' })
  storeName!: string;

  @Field(() => String, { nullable: true, description: '店铺编号 (the platform’s store ID)' })
  storeNumber!: string | null;

  @Field(() => String, { nullable: true, description: '店铺网址' })
  url!: string | null;
}

@ObjectType({ description: '行政处罚: amounts exact to the fen (Money)' })
export class Penalty {
  @Field(() => Boolean, { description: '警告' })
  warning!: boolean;

  @Field(() => MoneyScalar, { description: '罚款 (yuan, exact: "200000.00")' })
  fine!: Fen;

  @Field(() => MoneyScalar, { description: '没收违法所得 (yuan, exact)' })
  confiscatedIncome!: Fen;

  @Field(() => String, { nullable: true, description: '没收的物品' })
  confiscatedItems!: string | null;

  @Field(() => LicenceMeasureEnum)
  licenceMeasure!: LicenceMeasure;

  @Field(() => String, { description: 'Chinese label of the licence measure' })
  licenceMeasureLabel!: string;
}

@ObjectType({ description: 'One step of the case: 立案 → 调查 → 处罚决定/不予处罚 → 结案, or 移送公安' })
export class CaseTimelineEntry {
  @Field(() => Date)
  at!: Date;

  @Field(() => EnforcementCaseStatusEnum)
  status!: EnforcementCaseStatus;

  @Field(() => String, { description: 'Chinese label of the status' })
  statusLabel!: string;

  @Field(() => Region)
  region!: Region;

  @Field(() => String)
  agency!: string;

  @Field(() => String)
  note!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '执法案件: an enforcement case kept by the region that filed it' })
export class EnforcementCase {
  @Field(() => ID, { description: 'e.g. TJ-ENF-2026-000012; the prefix is the owning region' })
  id!: string;

  @Field(() => String, { description: 'Official case number, e.g. 津市监广罚〔2026〕12号; its first character is the filing region' })
  caseNumber!: string;

  @Field(() => Region)
  region!: Region;

  @Field(() => EnforcementDomainEnum)
  domain!: EnforcementDomain;

  @Field(() => String, { description: 'Chinese label of the domain' })
  domainLabel!: string;

  @Field(() => String)
  title!: string;

  @Field(() => [CaseParty])
  parties!: CaseParty[];

  @Field(() => [String], { description: 'Credit codes of the enterprise parties (the keys of their Enterprise records)' })
  partyCreditCodes!: string[];

  @Field(() => [Region], { description: 'Regions where the enterprise parties are registered' })
  partyRegions!: Region[];

  @Field(() => OnlineStore, { nullable: true })
  onlineStore!: OnlineStore | null;

  @Field(() => String, { description: '违法事实 (personal data masked for other regions)' })
  facts!: string;

  @Field(() => String, { nullable: true, description: '处罚依据' })
  legalBasis!: string | null;

  @Field(() => Penalty, { nullable: true })
  penalty!: Penalty | null;

  @Field(() => String, { nullable: true, description: 'Why no penalty (不予处罚) or why referred to the police (移送公安)' })
  outcomeReason!: string | null;

  @Field(() => EnforcementCaseStatusEnum)
  status!: EnforcementCaseStatus;

  @Field(() => String, { description: 'Chinese label of the status' })
  statusLabel!: string;

  @Field(() => [CaseTimelineEntry])
  timeline!: CaseTimelineEntry[];

  @Field(() => Date)
  filedAt!: Date;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the penalty decision was published (行政处罚信息公示): PenaltyNotice readable by the public from then' })
  publishedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => String, { description: 'The bureau investigating it' })
  agency!: string;

  @Field(() => [ID], { description: 'Recalls (any region) the case came from' })
  recallIds!: string[];

  @Field(() => [ID], { description: 'Risk alerts (any region) the case came from' })
  riskAlertIds!: string[];

  @Field(() => [ID], { description: 'Complaints (any region) the case came from' })
  complaintIds!: string[];

  @Field(() => ID, { nullable: true, description: 'A case filed from a transferred clue: the assistance request (another region’s) that transferred it' })
  originAssistanceRequestId!: string | null;

  @Field(() => ID, { nullable: true, description: 'A case filed from a transferred clue: the other region’s case it came from' })
  originCaseId!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  /** Raw document, for the field resolvers that mask personal data. */
  document!: EnforcementCaseDocument;
}

export const EnforcementCaseConnection = ConnectionType(EnforcementCase, 'EnforcementCase');

@ObjectType({ description: 'A party as a published decision names it: enterprises by name and credit code, natural persons by a masked name only' })
export class NoticeParty {
  @Field(() => CasePartyKindEnum)
  kind!: CasePartyKind;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  creditCode!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '行政处罚信息公示: a case’s published penalty decision, readable with the public token; no personal data' })
export class PenaltyNotice {
  @Field(() => ID, { description: 'The case’s ID' })
  id!: string;

  @Field(() => String)
  caseNumber!: string;

  @Field(() => Region)
  region!: Region;

  @Field(() => EnforcementDomainEnum)
  domain!: EnforcementDomain;

  @Field(() => String)
  domainLabel!: string;

  @Field(() => String)
  title!: string;

  @Field(() => [NoticeParty])
  parties!: NoticeParty[];

  @Field(() => OnlineStore, { nullable: true })
  onlineStore!: OnlineStore | null;

  @Field(() => String, { description: '主要违法事实, personal data removed' })
  facts!: string;

  @Field(() => String)
  legalBasis!: string;

  @Field(() => Penalty)
  penalty!: Penalty;

  @Field(() => Date)
  decidedAt!: Date;

  @Field(() => Date)
  publishedAt!: Date;

  @Field(() => String, { description: '作出处罚决定的机关' })
  agency!: string;
}

export const PenaltyNoticeConnection = ConnectionType(PenaltyNotice, 'PenaltyNotice');

export function penaltyOf(penalty: PenaltyDocument): Penalty {
  return {
    warning: penalty.warning,
    fine: penalty.fineFen,
    confiscatedIncome: penalty.confiscatedIncomeFen,
    confiscatedItems: penalty.confiscatedItems,
    licenceMeasure: penalty.licenceMeasure,
    licenceMeasureLabel: LICENCE_MEASURE_LABELS[penalty.licenceMeasure],
  };
}

export function enforcementCaseNode(document: EnforcementCaseDocument): EnforcementCase {
  return {
    ...document,
    id: document._id,
    region: document.region as unknown as Region,
    domainLabel: ENFORCEMENT_DOMAIN_LABELS[document.domain],
    statusLabel: ENFORCEMENT_CASE_STATUS_LABELS[document.status],
    partyRegions: document.partyRegions as unknown as Region[],
    // Masked per caller by the field resolver; these are the stored values.
    parties: [],
    penalty: document.penalty ? penaltyOf(document.penalty) : null,
    timeline: document.timeline.map((entry) => ({ ...entry, region: entry.region as unknown as Region, statusLabel: ENFORCEMENT_CASE_STATUS_LABELS[entry.status] })),
    document,
  };
}
