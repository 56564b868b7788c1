import { Field, InputType, registerEnumType } from 'type-graphql';
import type { ExaminerNoticeKind } from '../../../../kernel';
import { OrderDirection, Region } from '../../graphql/enums';
import { ExaminerNoticeKindEnum } from '../../graphql/qualityEnums';

@InputType({ description: '审查员通报 list filter; every given condition must hold' })
export class ExaminerNoticeFilter {
  @Field(() => [Region], { nullable: true, description: 'Licensing regions (which keep the reviews and their notices) to include (all when absent)' })
  regions?: Region[] | null;

  @Field(() => [Region], { nullable: true, description: 'Notices about examiners of these regions' })
  examinerRegions?: Region[] | null;

  @Field(() => [Region], { nullable: true, description: 'Notices issued by these regions' })
  issuedByRegions?: Region[] | null;

  @Field(() => [ExaminerNoticeKindEnum], { nullable: true })
  kinds?: ExaminerNoticeKind[] | null;

  @Field(() => Date, { nullable: true })
  issuedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  issuedTo?: Date | null;
}

export enum ExaminerNoticeOrderField {
  ISSUED_AT = 'ISSUED_AT',
  ID = 'ID',
}
registerEnumType(ExaminerNoticeOrderField, { name: 'ExaminerNoticeOrderField' });

@InputType()
export class ExaminerNoticeOrder {
  @Field(() => ExaminerNoticeOrderField, { defaultValue: ExaminerNoticeOrderField.ISSUED_AT })
  field!: ExaminerNoticeOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction!: OrderDirection;
}
