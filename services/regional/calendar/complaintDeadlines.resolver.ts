import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { shanghaiYear } from '../../../kernel';
import type { RegionalContext } from '../context';
import { ConsumerComplaint } from '../entities/complaint/complaint.type';

/** For records stored before the flag existed: whether a year from the start to the deadline is unknown to the calendar. */
function countedIntoUnknownYear(from: Date, deadline: Date, context: RegionalContext): boolean {
  for (let year = shanghaiYear(from); year <= shanghaiYear(deadline); year++) if (!context.calendar.isKnownYear(year)) return true;
  return false;
}

/** Whether a complaint's deadlines are provisional: counted into a year the holiday calendar does not know. */
@Resolver(() => ConsumerComplaint)
export class ComplaintDeadlineFieldsResolver {
  @FieldResolver(() => Boolean, {
    description: 'acceptDeadline was counted into a year with no holiday calendar (weekends only there): it may move when that year is added (calendarYears)',
  })
  acceptDeadlineProvisional(@Root() complaint: ConsumerComplaint, @Ctx() context: RegionalContext): boolean {
    const { document } = complaint;
    return document.acceptDeadlineProvisional ?? countedIntoUnknownYear(document.receivedAt, document.acceptDeadline, context);
  }

  @FieldResolver(() => Boolean, { description: 'mediationDeadline was counted into a year with no holiday calendar (weekends only there); false while there is none' })
  mediationDeadlineProvisional(@Root() complaint: ConsumerComplaint, @Ctx() context: RegionalContext): boolean {
    const { document } = complaint;
    if (!document.mediationDeadline) return false;
    const accepted = [...document.timeline].reverse().find((entry) => entry.status === 'ACCEPTED');
    return document.mediationDeadlineProvisional ?? countedIntoUnknownYear(accepted?.at ?? document.receivedAt, document.mediationDeadline, context);
  }
}
