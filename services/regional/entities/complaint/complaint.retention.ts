import type { ConsumerComplaintDocument } from '../../model';
import { ANONYMISED } from '../../personalData/anonymise';
import { personalDataRule } from '../../personalData/rule';
import { COMPLAINTS } from './complaint.service';

/** When the complaint reached the state after which nothing more is done with the consumer; null while something may be. */
function complaintClosedAt(complaint: ConsumerComplaintDocument): Date | null {
  if (complaint.status === 'REJECTED') return complaint.closedAt;
  if (complaint.status !== 'FEEDBACK_GIVEN') return null;
  const feedback = complaint.timeline.filter((entry) => entry.status === 'FEEDBACK_GIVEN').at(-1);
  return feedback?.at ?? complaint.closedAt;
}

/**
 * A complaint's personal data (PIPL): the consumer's name, phone and address, and what of them (or any mobile or
 * resident ID number) was typed into the subject, the description or a timeline note. A complaint is closed when no
 * step with the consumer is left: rejected (不予受理, closedAt), or resolved/terminated (办结/终止) and the outcome fed
 * back (反馈, the feedback's date). Resolved or terminated without feedback, it still owes the consumer an answer and
 * keeps their contact. The retention period (PERSONAL_DATA_RETENTION_DAYS) counts from that date.
 */
export const COMPLAINT_PERSONAL_DATA = personalDataRule<ConsumerComplaintDocument>({
  records: COMPLAINTS,
  personalFields: { 'consumer.name': ANONYMISED, 'consumer.phone': ANONYMISED, 'consumer.address': ANONYMISED },
  freeTextFields: ['subject', 'description', 'timeline[].note'],
  closure: 'rejected, or resolved/terminated and fed back to the consumer',
  closedBefore: (cutoff) => ({
    $or: [
      { status: 'REJECTED', closedAt: { $lt: cutoff } },
      // Feedback follows closure, so closedAt bounds it too (and lets the index narrow the search).
      { status: 'FEEDBACK_GIVEN', closedAt: { $lt: cutoff }, timeline: { $elemMatch: { status: 'FEEDBACK_GIVEN', at: { $lt: cutoff } } } },
    ],
  }),
  closedAt: complaintClosedAt,
  event: 'COMPLAINT_CHANGED',
  indexes: [{ name: 'status_closedAt', key: { status: 1, closedAt: 1 } }],
});
