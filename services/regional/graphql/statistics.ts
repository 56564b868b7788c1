import { Directive, Field, Float, Int, ObjectType } from 'type-graphql';
import { STATISTICS_STATE_FIELD, groupValues, type GroupValues, type ValueMeasures } from '../../../contract';
import type { StatisticsGroupState, StatisticsKey as StatisticsKeyFields } from '../data/groupStatistics';
import { Region } from './enums';
import { MoneyScalar } from './money';

@ObjectType({ description: 'The values a statistics group was formed by; only the requested dimensions are set.' })
export class StatisticsKey implements StatisticsKeyFields {
  @Field(() => Region, { nullable: true, description: 'The region that keeps the record (complaints: the receiving region)' })
  region?: Region | null;

  @Field(() => Region, { nullable: true, description: 'Complaints: the region that received it (受理地)' })
  receivingRegion?: Region | null;

  @Field(() => Region, { nullable: true, description: 'Complaints: the region of the business, which handles it (处理地)' })
  handlingRegion?: Region | null;

  @Field(() => String, { nullable: true, description: 'Category code (product, contract or complaint category; enterprises: industry)' })
  category?: string | null;

  @Field(() => String, { nullable: true })
  status?: string | null;

  @Field(() => String, { nullable: true, description: 'Risk level (risk alerts only)' })
  level?: string | null;

  @Field(() => String, { nullable: true, description: 'Risk alerts: where the risk was found; complaints: the intake channel' })
  source?: string | null;

  @Field(() => String, { nullable: true, description: 'Recalls: the remedy (repair, replace, refund …)' })
  remedy?: string | null;

  @Field(() => String, { nullable: true, description: 'Credit code of the business (complaints), the manufacturer (recalls) or an enterprise the alert names (risk alerts: counted once per enterprise it names)' })
  enterprise?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD in Asia/Shanghai time' })
  day?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO week YYYY-Www in Asia/Shanghai time (2026-W49; the year of the week’s Thursday)' })
  week?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM in Asia/Shanghai time' })
  month?: string | null;

  @Field(() => Region, { nullable: true, description: 'The region asked to assist (assistance requests only)' })
  targetRegion?: Region | null;

  @Field(() => String, { nullable: true, description: 'YYYY-Qn in Asia/Shanghai time' })
  quarter?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY in Asia/Shanghai time' })
  year?: string | null;
}

const PERCENTILE = 'nearest rank: the value of rank ⌈q·n⌉ in ascending order';

@ObjectType({ description: 'Amounts over a group (yuan, exact to the fen); merged across regions exactly, percentiles within 1 %' })
export class MoneyMeasures {
  @Field(() => Int, { description: 'Records counted' })
  count!: number;

  @Field(() => MoneyScalar)
  sum!: number;

  @Field(() => MoneyScalar, { nullable: true })
  min!: number | null;

  @Field(() => MoneyScalar, { nullable: true })
  max!: number | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'sum / count, rounded to the fen' })
  mean!: number | null;

  @Field(() => MoneyScalar, { nullable: true, description: `Median (${PERCENTILE}), within 1 % (DDSketch)` })
  median!: number | null;

  @Field(() => MoneyScalar, { nullable: true, description: `90th percentile (${PERCENTILE}), within 1 % (DDSketch)` })
  p90!: number | null;
}

@ObjectType({ description: 'A quantity over a group (recalls: units to recall); merged exactly, percentiles within 1 %' })
export class QuantityMeasures {
  @Field(() => Int)
  count!: number;

  @Field(() => Float)
  sum!: number;

  @Field(() => Float, { nullable: true })
  min!: number | null;

  @Field(() => Float, { nullable: true })
  max!: number | null;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => Float, { nullable: true, description: `Median (${PERCENTILE}), within 1 % (DDSketch)` })
  median!: number | null;

  @Field(() => Float, { nullable: true, description: `90th percentile (${PERCENTILE}), within 1 % (DDSketch)` })
  p90!: number | null;
}

@ObjectType({ description: 'How many records took this many days' })
export class DayCount {
  @Field(() => Int)
  days!: number;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Durations in whole days over the group’s records that finished the stage; exact after the merge (day histograms)' })
export class DayMeasures {
  @Field(() => Int, { description: 'Records that finished the stage' })
  count!: number;

  @Field(() => Int)
  sum!: number;

  @Field(() => Int, { nullable: true })
  min!: number | null;

  @Field(() => Int, { nullable: true })
  max!: number | null;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => Int, { nullable: true, description: `Median (${PERCENTILE}), exact` })
  median!: number | null;

  @Field(() => Int, { nullable: true, description: `90th percentile (${PERCENTILE}), exact` })
  p90!: number | null;

  @Field(() => [DayCount], { nullable: true, description: 'Records per number of days, ascending' })
  histogram!: DayCount[] | null;
}

@ObjectType({ description: 'One stage’s duration in Shanghai calendar days and in working days of the region’s holiday calendar' })
export class StageDurations {
  @Field(() => DayMeasures)
  calendarDays!: ValueMeasures;

  @Field(() => DayMeasures, { description: 'Working days after the day the stage began, up to and including the day it ended (as deadlines count)' })
  workingDays!: ValueMeasures;
}

@ObjectType({ description: 'How long complaints took, per stage' })
export class ComplaintDurationMeasures {
  @Field(() => StageDurations, { description: 'Receipt (登记) → decision (受理 or 不予受理)' })
  receiptToAcceptance!: StageDurations;

  @Field(() => StageDurations, { description: 'Acceptance (受理) → closure (办结 or 终止)' })
  acceptanceToClosure!: StageDurations;

  @Field(() => StageDurations, { description: 'Receipt → feedback to the consumer (反馈)' })
  receiptToFeedback!: StageDurations;
}

@ObjectType({ description: 'Complaints past a statutory deadline, per stage' })
export class OverdueByStageCounts {
  @Field(() => Int, { description: 'Open and undecided past the decision deadline (7 working days after receipt)' })
  acceptance!: number;

  @Field(() => Int, { description: 'In mediation past its end (45 working days after acceptance)' })
  mediation!: number;

  @Field(() => Int, { description: 'Decided (受理/不予受理) more than 7 working days after receipt' })
  decidedLate!: number;

  @Field(() => Int, { description: 'Closed (办结/终止) more than 45 working days after acceptance' })
  closedLate!: number;
}

@ObjectType({ description: 'One group of a group-by statistic; merged across regions by key at the gateway, exactly.' })
export class StatisticsGroup implements GroupValues {
  @Field(() => StatisticsKey)
  key!: StatisticsKey;

  @Field(() => Int)
  count!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Sum of the entity’s measure: quantity to recall (recalls), amount in dispute in yuan (complaints), fines in yuan (enforcement cases, summed in fen), working days to reply (assistance requests); null otherwise',
    deprecationReason: 'A float sum is not exact: use amount { sum } (Money) for complaints, quantity { sum } for recalls',
  })
  sum!: number | null;

  @Field(() => Int, { nullable: true, description: 'Records past a deadline now: complaints past a statutory deadline, assistance requests past their reply deadline; null otherwise' })
  overdue!: number | null;

  @Field(() => OverdueByStageCounts, { nullable: true, description: 'Complaints only: overdue and late counts per stage' })
  overdueByStage!: OverdueByStageCounts | null;

  @Field(() => MoneyMeasures, { nullable: true, description: 'Complaints: the amount in dispute; null for other entities' })
  amount!: ValueMeasures | null;

  @Field(() => QuantityMeasures, { nullable: true, description: 'Recalls: the quantity to recall; null for other entities' })
  quantity!: ValueMeasures | null;

  @Field(() => ComplaintDurationMeasures, { nullable: true, description: 'Complaints: how long each stage took; null for other entities' })
  durations!: GroupValues['durations'];

  @Directive('@inaccessible')
  @Field(() => String, { name: STATISTICS_STATE_FIELD, description: 'The group’s mergeable state (JSON), for the gateway' })
  state!: string;
}

/** The GraphQL object of a region's group: every measure computed from its state, and the state for the gateway. */
export function statisticsGroupOf(group: StatisticsGroupState): StatisticsGroup {
  return { key: group.key as StatisticsKey, ...groupValues(group.state), state: JSON.stringify(group.state) } as StatisticsGroup;
}
