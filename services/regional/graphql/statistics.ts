import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { StatisticsGroup as StatisticsGroupFields, StatisticsKey as StatisticsKeyFields } from '../data/groupStatistics';
import { Region } from './enums';

@ObjectType({ description: 'The values a statistics group was formed by; only the requested dimensions are set.' })
export class StatisticsKey implements StatisticsKeyFields {
  @Field(() => Region, { nullable: true })
  region?: Region | null;

  @Field(() => String, { nullable: true, description: 'Category code (product, contract or complaint category)' })
  category?: string | null;

  @Field(() => String, { nullable: true })
  status?: string | null;

  @Field(() => String, { nullable: true, description: 'Risk level (risk alerts only)' })
  level?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM in Asia/Shanghai time' })
  month?: string | null;

  @Field(() => Region, { nullable: true, description: 'The region asked to assist (assistance requests only)' })
  targetRegion?: Region | null;
}

@ObjectType({ description: 'One group of a group-by statistic; merged across regions by key at the gateway.' })
export class StatisticsGroup implements StatisticsGroupFields {
  @Field(() => StatisticsKey)
  key!: StatisticsKey;

  @Field(() => Int)
  count!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Sum of the entity’s measure: quantity to recall (recalls), amount in dispute in yuan (complaints), fines in yuan (enforcement cases, summed in fen), working days to reply (assistance requests); null otherwise',
  })
  sum!: number | null;

  @Field(() => Int, { nullable: true, description: 'Records past a deadline: complaints past a statutory deadline, assistance requests past their reply deadline; null otherwise' })
  overdue!: number | null;
}
