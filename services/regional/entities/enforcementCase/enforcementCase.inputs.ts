import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { CasePartyKind, EnforcementCaseStatus, EnforcementDomain, Fen, LicenceMeasure } from '../../../../kernel';
import { MoneyScalar } from '../../graphql/money';
import { CasePartyKindEnum, EnforcementCaseStatusEnum, EnforcementDomainEnum, LicenceMeasureEnum, OrderDirection, Region } from '../../graphql/enums';

@InputType({ description: 'Enforcement case list filter; every given condition must hold' })
export class EnforcementCaseFilter {
  @Field(() => [Region], { nullable: true, description: 'Filing regions (the record owners) to include' })
  regions?: Region[] | null;

  @Field(() => [EnforcementDomainEnum], { nullable: true })
  domains?: EnforcementDomain[] | null;

  @Field(() => [EnforcementCaseStatusEnum], { nullable: true })
  statuses?: EnforcementCaseStatus[] | null;

  @Field(() => [Region], { nullable: true, description: 'Cases with an enterprise party registered in one of these regions (e.g. HEBEI: involving Hebei-registered enterprises)' })
  partyRegions?: Region[] | null;

  @Field(() => String, { nullable: true, description: 'A party’s unified social credit code' })
  enterpriseCreditCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Online platform name (exact)' })
  platformName?: string | null;

  @Field(() => Date, { nullable: true })
  filedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  filedTo?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Only cases whose penalty decision is published (or only those whose is not)' })
  published?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Substring of title or facts' })
  text?: string | null;
}

export enum EnforcementCaseOrderField {
  FILED_AT = 'FILED_AT',
  ID = 'ID',
}
registerEnumType(EnforcementCaseOrderField, { name: 'EnforcementCaseOrderField' });

@InputType()
export class EnforcementCaseOrder {
  @Field(() => EnforcementCaseOrderField, { defaultValue: EnforcementCaseOrderField.FILED_AT })
  field!: EnforcementCaseOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType({ description: 'Published penalty decisions filter' })
export class PenaltyNoticeFilter {
  @Field(() => [Region], { nullable: true })
  regions?: Region[] | null;

  @Field(() => [EnforcementDomainEnum], { nullable: true })
  domains?: EnforcementDomain[] | null;

  @Field(() => String, { nullable: true, description: 'A party’s unified social credit code' })
  enterpriseCreditCode?: string | null;

  @Field(() => Date, { nullable: true })
  decidedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  decidedTo?: Date | null;
}

export enum PenaltyNoticeOrderField {
  DECIDED_AT = 'DECIDED_AT',
  FINE = 'FINE',
}
registerEnumType(PenaltyNoticeOrderField, { name: 'PenaltyNoticeOrderField' });

@InputType()
export class PenaltyNoticeOrder {
  @Field(() => PenaltyNoticeOrderField, { defaultValue: PenaltyNoticeOrderField.DECIDED_AT })
  field!: PenaltyNoticeOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType({ description: 'A party: an enterprise by credit code, or a natural person' })
export class CasePartyInput {
  @Field(() => CasePartyKindEnum)
  kind!: CasePartyKind;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Enterprises: unified social credit code (required)' })
  creditCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Persons: resident ID number' })
  idNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'Persons: address' })
  address?: string | null;
}

@InputType()
export class OnlineStoreInput {
  @Field(() => String)
  platformName!: string;

  @Field(() => String)
  storeName!: string;

  @Field(() => String, { nullable: true })
  storeNumber?: string | null;

  @Field(() => String, { nullable: true })
  url?: string | null;
}

@InputType({ description: '立案: the filing region opens a case; its number is given by the region unless stated' })
export class FileEnforcementCaseInput {
  @Field(() => EnforcementDomainEnum)
  domain!: EnforcementDomain;

  @Field(() => String)
  title!: string;

  @Field(() => [CasePartyInput])
  parties!: CasePartyInput[];

  @Field(() => OnlineStoreInput, { nullable: true, description: 'Required for ONLINE_TRADE cases' })
  onlineStore?: OnlineStoreInput | null;

  @Field(() => String)
  facts!: string;

  @Field(() => String, { nullable: true, description: 'Official number such as 京市监网罚〔2026〕7号 (the region’s abbreviation first); assigned when absent' })
  caseNumber?: string | null;

  @Field(() => Date, { nullable: true, description: 'Defaults to now' })
  filedAt?: Date | null;

  @Field(() => [ID], { nullable: true })
  recallIds?: string[] | null;

  @Field(() => [ID], { nullable: true })
  riskAlertIds?: string[] | null;

  @Field(() => [ID], { nullable: true })
  complaintIds?: string[] | null;
}

@InputType()
export class CaseStepInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Note for the timeline; required for 不予处罚 and 移送公安 (the reason)' })
  note?: string | null;

  @Field(() => Date, { nullable: true, description: 'When the step happened; defaults to now' })
  at?: Date | null;
}

@InputType({ description: 'The penalty: amounts in yuan (Money: "200000", "12.50" or a number with at most two decimals)' })
export class PenaltyInput {
  @Field(() => Boolean, { defaultValue: false })
  warning!: boolean;

  @Field(() => MoneyScalar, { defaultValue: 0, description: '罚款' })
  fine!: Fen;

  @Field(() => MoneyScalar, { defaultValue: 0, description: '没收违法所得' })
  confiscatedIncome!: Fen;

  @Field(() => String, { nullable: true })
  confiscatedItems?: string | null;

  @Field(() => LicenceMeasureEnum, { defaultValue: 'NONE' })
  licenceMeasure!: LicenceMeasure;
}

@InputType({ description: '处罚决定: the decision, published at once (行政处罚信息公示)' })
export class DecidePenaltyInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: '处罚依据' })
  legalBasis!: string;

  @Field(() => PenaltyInput)
  penalty!: PenaltyInput;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => Date, { nullable: true, description: 'Defaults to now' })
  at?: Date | null;
}
