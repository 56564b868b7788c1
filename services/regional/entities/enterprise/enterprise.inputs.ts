import { Field, InputType, registerEnumType } from 'type-graphql';
import { OrderDirection, Region } from '../../graphql/enums';

@InputType({ description: 'Enterprise list filter; every given condition must hold' })
export class EnterpriseFilter {
  @Field(() => [Region], { nullable: true, description: 'Registration regions to include (all when absent)' })
  regions?: Region[] | null;

  @Field(() => [String], { nullable: true, description: 'Industries (GB/T 4754 wording), exact match' })
  industries?: string[] | null;

  @Field(() => Date, { nullable: true })
  establishedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  establishedTo?: Date | null;

  @Field(() => String, { nullable: true, description: 'Substring of name or address' })
  text?: string | null;
}

export enum EnterpriseOrderField {
  ESTABLISHED_AT = 'ESTABLISHED_AT',
  CREDIT_CODE = 'CREDIT_CODE',
}
registerEnumType(EnterpriseOrderField, { name: 'EnterpriseOrderField' });

@InputType()
export class EnterpriseOrder {
  @Field(() => EnterpriseOrderField, { defaultValue: EnterpriseOrderField.ESTABLISHED_AT })
  field!: EnterpriseOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}

@InputType({ description: 'An enterprise as registered by the market-supervision bureau of its region (企业登记)' })
export class RegisterEnterpriseInput {
  @Field(() => String, { description: 'Unified social credit code; must be one of this region' })
  creditCode!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  address!: string;

  @Field(() => String)
  legalRepresentative!: string;

  @Field(() => String)
  industry!: string;

  @Field(() => Date, { description: 'Date of establishment; not in the future' })
  establishedAt!: Date;
}
