import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import type { GeographicalIndicationStatus, GiProducerStatus, GiProductClass } from '../../../../kernel';
import { OrderDirection, Region } from '../../graphql/enums';
import { GeographicalIndicationStatusEnum, GiProducerStatusEnum, GiProductClassEnum } from '../../graphql/qualityEnums';

@InputType({ description: 'Geographical indication list filter; every given condition must hold' })
export class GeographicalIndicationFilter {
  @Field(() => [Region], { nullable: true, description: 'Registering regions to include (all when absent)' })
  regions?: Region[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Products whose protection area includes this district or county: its GB/T 2260 code or name (蓟州区, 三河市, 天津市蓟州区); a former one (蓟县) is refused naming its successor',
  })
  district?: string | null;

  @Field(() => [Region], { nullable: true, description: 'Products whose protection area reaches one of these regions' })
  areaRegions?: Region[] | null;

  @Field(() => [GiProductClassEnum], { nullable: true })
  productClasses?: GiProductClass[] | null;

  @Field(() => [GeographicalIndicationStatusEnum], { nullable: true })
  statuses?: GeographicalIndicationStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Products this enterprise is authorised for (unified social credit code)' })
  authorisedProducerCreditCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Substring of the product name or standard' })
  text?: string | null;
}

export enum GeographicalIndicationOrderField {
  APPROVED_AT = 'APPROVED_AT',
  ID = 'ID',
}
registerEnumType(GeographicalIndicationOrderField, { name: 'GeographicalIndicationOrderField' });

@InputType()
export class GeographicalIndicationOrder {
  @Field(() => GeographicalIndicationOrderField, { defaultValue: GeographicalIndicationOrderField.APPROVED_AT })
  field!: GeographicalIndicationOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType({ description: 'A protected product registered by the caller’s region' })
export class RegisterGeographicalIndicationInput {
  @Field(() => String, { description: 'At most 50 characters, e.g. 平谷大桃' })
  productName!: string;

  @Field(() => GiProductClassEnum)
  productClass!: GiProductClass;

  @Field(() => String)
  approvalAnnouncement!: string;

  @Field(() => Date, { description: 'Never in the future' })
  approvedAt!: Date;

  @Field(() => String)
  standard!: string;

  @Field(() => [String], { description: 'Districts and counties (codes or names) of any of the three regions, 1 to 50' })
  protectionArea!: string[];

  @Field(() => [String], { defaultValue: [], description: 'Credit codes of authorised producers, any region; each must be a registered enterprise' })
  authorisedProducerCreditCodes!: string[];
}

@InputType({ description: 'Adds producers authorised to use the special mark (registering region only)' })
export class AuthoriseGiProducersInput {
  @Field(() => ID)
  id!: string;

  @Field(() => [String], { description: 'Credit codes, any region; each must be a registered enterprise' })
  producerCreditCodes!: string[];
}

@InputType({ description: 'Suspends, reinstates or revokes a protection (registering region only)' })
export class ChangeGiStatusInput {
  @Field(() => ID)
  id!: string;

  @Field(() => GeographicalIndicationStatusEnum)
  status!: GeographicalIndicationStatus;

  @Field(() => String, { description: 'Why, at most 500 characters' })
  reason!: string;
}

@InputType({ description: '暂停/恢复/撤销专用标志使用: one producer’s authorisation (registering region only); revocation is final' })
export class ChangeGiProducerStatusInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'An authorised producer of this GI (unified social credit code)' })
  producerCreditCode!: string;

  @Field(() => GiProducerStatusEnum)
  status!: GiProducerStatus;

  @Field(() => String, { description: 'Why, at most 500 characters' })
  reason!: string;
}
