import type { RegionalContext } from '../../context';
import { recordAudit } from '../../data/audit';
import type { ConsumerComplaintDocument } from '../../model';
import { ANONYMISED } from '../../personalData/anonymise';
import type { ComplaintConsumer } from './complaint.type';

function maskName(name: string): string {
  const characters = [...name];
  return characters.length <= 1 ? '*' : `${characters[0]}${'*'.repeat(Math.min(characters.length - 1, 3))}`;
}

function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

function maskAddress(address: string): string {
  const characters = [...address];
  return `${characters.slice(0, Math.min(6, characters.length)).join('')}****`;
}

/** Agencies of the receiving and handling regions see the consumer; everyone else a masked copy. */
function maySeePersonalData(complaint: ConsumerComplaintDocument, context: RegionalContext): boolean {
  const caller = context.caller;
  return caller?.kind === 'agency' && caller.region !== null && (caller.region === complaint.receivingRegion || caller.region === complaint.handlingRegion);
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
