import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { GeographicalIndicationStatus, GiProducerStatus, GiProductClass } from '../../../../kernel';
import { Region } from '../../graphql/enums';
import { ConnectionType } from '../../graphql/pagination';
import { GeographicalIndicationStatusEnum, GiProducerStatusEnum, GiProductClassEnum } from '../../graphql/qualityEnums';
import { giProducerStatuses, type GeographicalIndicationDocument } from '../../model';

@ObjectType({ description: '保护范围内的区县' })
export class ProtectionAreaDivision {
  @Field(() => String, { description: 'GB/T 2260 code, e.g. 120119' })
  code!: string;

  @Field(() => String, { description: 'Full name, e.g. 天津市蓟州区' })
  name!: string;

  @Field(() => Region)
  region!: Region;
}

@ObjectType({ description: '专用标志使用企业: an authorised producer and the status of its authorisation' })
export class GiProducerAuthorisation {
  @Field(() => String, { description: 'Unified social credit code (any region)' })
  creditCode!: string;

  @Field(() => GiProducerStatusEnum)
  status!: GiProducerStatus;

  @Field(() => String, { nullable: true, description: 'Why it was last suspended, reinstated or revoked' })
  reason!: string | null;

  @Field(() => Date, { nullable: true, description: 'When its status last changed (null: authorised and never changed)' })
  changedAt!: Date | null;
}

@ObjectType({ description: '保护状态变更' })
export class GiStatusChange {
  @Field(() => GeographicalIndicationStatusEnum)
  status!: GeographicalIndicationStatus;

  @Field(() => String)
  reason!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { description: 'The agency that changed it' })
  agency!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: '地理标志保护产品: a protected product registered by one region; its protection area may reach all three' })
export class GeographicalIndication {
  @Field(() => ID, { description: 'e.g. BJ-GEO-2006-000001; the prefix is the registering region, which owns the record' })
  id!: string;

  @Field(() => Region, { description: 'The registering region' })
  region!: Region;

  @Field(() => String, { description: 'e.g. 平谷大桃' })
  productName!: string;

  @Field(() => GiProductClassEnum)
  productClass!: GiProductClass;

  @Field(() => String, { description: 'The approval announcement (批准公告)' })
  approvalAnnouncement!: string;

  @Field(() => Date)
  approvedAt!: Date;

  @Field(() => String, { description: 'The standard the product follows' })
  standard!: string;

  @Field(() => [ProtectionAreaDivision], { description: 'Districts and counties of the protection area, any region' })
  protectionArea!: ProtectionAreaDivision[];

  @Field(() => [Region], { description: 'Regions the protection area reaches' })
  protectionAreaRegions!: Region[];

  @Field(() => [String], { description: 'Credit codes of the producers authorised to use the special mark (any region)' })
  authorisedProducerCreditCodes!: string[];

  @Field(() => [GiProducerAuthorisation], { description: 'Each authorised producer with its authorisation’s status (suspended or revoked producers may not be inspected under this GI)' })
  producerAuthorisations!: GiProducerAuthorisation[];

  @Field(() => GeographicalIndicationStatusEnum)
  status!: GeographicalIndicationStatus;

  @Field(() => [GiStatusChange], { description: 'Suspensions, reinstatements and revocation, oldest first' })
  statusHistory!: GiStatusChange[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

export const GeographicalIndicationConnection = ConnectionType(GeographicalIndication, 'GeographicalIndication');

export function geographicalIndicationNode(document: GeographicalIndicationDocument): GeographicalIndication {
  return {
    ...document,
    id: document._id,
    region: document.region as unknown as Region,
    protectionArea: document.protectionArea.map((division) => ({ ...division, region: division.region as unknown as Region })),
    protectionAreaRegions: document.protectionAreaRegions as unknown as Region[],
    producerAuthorisations: producerAuthorisationsOf(document),
  };
}

function producerAuthorisationsOf(document: GeographicalIndicationDocument): GiProducerAuthorisation[] {
  const statuses = giProducerStatuses(document);
  return document.authorisedProducerCreditCodes.map((creditCode) => {
    const last = [...(document.producerStatusHistory ?? [])].reverse().find((change) => change.creditCode === creditCode);
    return { creditCode, status: statuses[creditCode]!, reason: last?.reason ?? null, changedAt: last?.at ?? null };
  });
}
