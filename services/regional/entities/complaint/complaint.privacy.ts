import type { RegionalContext } from '../../context';
import { recordAudit } from '../../data/audit';
import type { ConsumerComplaintDocument } from '../../model';
import { ANONYMISED, replacePersonalData, type PersonalDataKind } from '../../personalData/anonymise';
import { maskAddress, maskEmail, maskName, maskPhone, maskResidentId } from '../../personalData/masks';
import type { ComplaintConsumer, ComplaintTimelineEntry } from './complaint.type';

/** Agencies of the receiving and handling regions see the consumer; everyone else a masked copy. */
function maySeePersonalData(complaint: ConsumerComplaintDocument, context: RegionalContext): boolean {
  const caller = context.caller;
  return caller?.kind === 'agency' && caller.region !== null && (caller.region === complaint.receivingRegion || caller.region === complaint.handlingRegion);
}

/** Whether this caller reads the complaint's consumer masked (or anonymised): what an export's audit counts. */
export function consumerMaskedFor(complaint: ConsumerComplaintDocument, context: RegionalContext): boolean {
  return Boolean(complaint.anonymisedAt) || !maySeePersonalData(complaint, context);
}

/**
 * A free text of the complaint (subject, description, a timeline note) as this caller may read it: for a caller who
 * sees the consumer masked (another region's agency), the personal data typed into it — the consumer's own name, phone
 * and address, any mobile number, resident ID number or e-mail address — masked as the structured fields are. The
 * finder is the personal-data job's (anonymise.ts), so what anonymisation removes is what masking hides.
 */
export function freeTextFor(text: string, complaint: ConsumerComplaintDocument, context: RegionalContext): string {
  if (complaint.anonymisedAt || maySeePersonalData(complaint, context)) return text;
  const { name, phone, address } = complaint.consumer;
  const mask = (match: string, kind: PersonalDataKind, value?: string): string => {
    if (kind === 'RESIDENT_ID') return maskResidentId(match);
    if (kind === 'EMAIL') return maskEmail(match);
    if (kind === 'MOBILE' || value === phone) return maskPhone(match);
    return value === name ? maskName(match) : maskAddress(match);
  };
  return replacePersonalData(text, [name, phone, address], mask);
}

/** The timeline with its notes as this caller may read them (freeTextFor). */
export function timelineFor(timeline: readonly ComplaintTimelineEntry[], complaint: ConsumerComplaintDocument, context: RegionalContext): ComplaintTimelineEntry[] {
  return timeline.map((entry) => ({ ...entry, note: freeTextFor(entry.note, complaint, context) }));
}

export async function consumerFor(complaint: ConsumerComplaintDocument, context: RegionalContext): Promise<ComplaintConsumer> {
  // Anonymised after its retention period: placeholders for everyone (the stored values are placeholders too), nothing read.
  if (complaint.anonymisedAt) return { name: ANONYMISED, phone: ANONYMISED, address: ANONYMISED, masked: true };
  if (!maySeePersonalData(complaint, context)) {
    return { name: maskName(complaint.consumer.name), phone: maskPhone(complaint.consumer.phone), address: maskAddress(complaint.consumer.address), masked: true };
  }
  await recordAudit(context.database.auditLog, context.caller!, {
    action: 'READ_PERSONAL_DATA',
    entity: 'ConsumerComplaint',
    recordId: complaint._id,
    detail: 'read consumer name, phone and address',
  });
  return { ...complaint.consumer, masked: false };
}
