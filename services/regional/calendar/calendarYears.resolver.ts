import { Ctx, Field, Int, ObjectType, Query, registerEnumType, Resolver, UseMiddleware } from 'type-graphql';
import { holidayDaysOf, regionChineseName, type CalendarYear as KernelCalendarYear } from '../../../kernel';
import type { RegionalContext } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../data/domainErrors';
import { mapDomainErrors } from '../graphql/errors';

export enum CalendarYearSource {
  BUILT_IN = 'BUILT_IN',
  CALENDAR_DIR = 'CALENDAR_DIR',
}

registerEnumType(CalendarYearSource, {
  name: 'CalendarYearSource',
  description: 'Where a calendar year was read from: the hub’s own files (kernel/calendar/) or the region’s CALENDAR_DIR',
});

@ObjectType({ description: 'A period off (放假) of a year’s arrangement' })
export class CalendarHoliday {
  @Field(() => String, { description: '元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 (two joined by 、 when they share a period)' })
  name!: string;

  @Field(() => String, { description: 'First day off, YYYY-MM-DD (Asia/Shanghai)' })
  from!: string;

  @Field(() => String, { description: 'Last day off, inclusive' })
  to!: string;

  @Field(() => [String], { description: 'Every day off of the period, weekend days included' })
  days!: string[];
}

@ObjectType({ description: 'A weekend day worked in exchange for a period off (调休上班)' })
export class CalendarMakeUpWorkday {
  @Field(() => String, { description: 'YYYY-MM-DD' })
  date!: string;

  @Field(() => String, { description: 'The period it is worked for' })
  name!: string;
}

@ObjectType({ description: 'One year of the working-day calendar: the State Council General Office’s arrangement of public holidays' })
export class CalendarYear {
  @Field(() => Int)
  year!: number;

  @Field(() => String, { description: 'The notice it writes down (国务院办公厅关于…年部分节假日安排的通知)' })
  notice!: string;

  @Field(() => CalendarYearSource)
  source!: CalendarYearSource;

  @Field(() => [CalendarHoliday])
  holidays!: CalendarHoliday[];

  @Field(() => [CalendarMakeUpWorkday])
  makeUpWorkdays!: CalendarMakeUpWorkday[];
}

export function calendarYearNode(entry: KernelCalendarYear): CalendarYear {
  return {
    year: entry.year,
    notice: entry.notice,
    source: entry.source as CalendarYearSource,
    holidays: entry.periods.map((period) => ({ name: period.name, from: period.from, to: period.to, days: holidayDaysOf(period) })),
    makeUpWorkdays: entry.periods.flatMap((period) => period.makeUpWorkdays.map((date) => ({ date, name: period.name }))).sort((a, b) => a.date.localeCompare(b.date)),
  };
}

@Resolver(() => CalendarYear)
@UseMiddleware(mapDomainErrors)
export class CalendarYearsResolver {
  @Query(() => [CalendarYear], {
    description:
      'The years of the holiday calendar the caller’s region counts working days and complaint deadlines with, oldest first. ' +
      'A year not listed counts by weekday alone, and a deadline counted into it is provisional (ConsumerComplaint.acceptDeadlineProvisional, mediationDeadlineProvisional) until its file arrives',
  })
  calendarYears(@Ctx() context: RegionalContext): CalendarYear[] {
    const caller = context.caller;
    if (!caller) throw new UnauthenticatedError('no verified caller identity');
    if (caller.kind === 'public') throw new ForbiddenError(`the working-day calendar of ${regionChineseName(context.region)} is for agencies`);
    return context.calendar.years.map(calendarYearNode);
  }
}
