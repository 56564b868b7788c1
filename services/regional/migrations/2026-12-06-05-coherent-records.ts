import type { RecordEventType } from '../../../contract';
import { regionOfCreditCode } from '../../../kernel';
import { regionSystemIdentity } from '../auth/systemIdentity';
import { recordAudit } from '../data/audit';
import { regionalDatabase, type RegionalDatabase } from '../data/database';
import { writeWithEvent, type EventedDocument, type EventedRecords, type WriteContext } from '../data/recordWrites';
import { COMPLAINTS } from '../entities/complaint/complaint.service';
import { CONTRACT_TEMPLATES } from '../entities/contractTemplate/contractTemplate.service';
import { RECALLS } from '../entities/recall/recall.service';
import { RISK_ALERTS } from '../entities/riskAlert/riskAlert.service';
import type { EnterpriseDocument } from '../model';
import type { Migration, MigrationContext } from './migration';
import { alertWordsRepair, complaintActorRepair, placeNameRepair, reviewRoundsRepair } from './recordRepairs';

const ID = '2026-12-06-05-coherent-records';

/** One repair of one record: the fields to set and what the audit entry says. */
interface Repair {
  set: Record<string, unknown>;
  what: string[];
}

function merge(repair: Repair, set: Record<string, unknown> | null, what: string): void {
  if (!set) return;
  Object.assign(repair.set, set);
  repair.what.push(what);
}

/**
 * Writes each repaired record of a collection through the normal write path: one conditional single-document write
 * with its event in the outbox (the relay, started after migrations, appends it to the region's event log) and an
 * audit entry by the region's system identity. The record keeps its ID; nothing is deleted.
 */
async function repairAll<TDocument extends EventedDocument>(
  context: MigrationContext,
  write: WriteContext,
  records: EventedRecords<TDocument>,
  event: RecordEventType,
  repairOf: (record: TDocument) => Repair,
): Promise<number> {
  let changed = 0;
  for await (const found of records.collection(write.database).find({}, { sort: { _id: 1 } })) {
    const record = found as TDocument;
    const repair = repairOf(record);
    if (repair.what.length === 0) continue;
    const detail = `${ID}: ${repair.what.join('; ')}`;
    await writeWithEvent(write, records, {
      existing: record,
      set: repair.set as Partial<TDocument>,
      event,
      audit: { caller: regionSystemIdentity(context.region), action: 'UPDATE', detail, auditId: `${ID}:${record._id}` },
    });
    context.logger.info({ entity: records.entity, recordId: record._id, repaired: repair.what }, 'record brought in line');
    changed += 1;
  }
  return changed;
}

async function repairEnterprises(context: MigrationContext, database: RegionalDatabase): Promise<number> {
  let changed = 0;
  for await (const enterprise of database.enterprises.find({}, { sort: { _id: 1 } })) {
    const set = placeNameRepair(enterprise as unknown as Record<string, unknown>);
    if (!set) continue;
    // Enterprises publish no events (as registerEnterprise): the audit entry records the change.
    const result = await database.enterprises.updateOne({ _id: enterprise._id, updatedAt: enterprise.updatedAt }, { $set: { ...(set as Partial<EnterpriseDocument>), updatedAt: context.now } });
    if (result.modifiedCount === 0) continue;
    await recordAudit(
      database.auditLog,
      regionSystemIdentity(context.region),
      { action: 'UPDATE', entity: 'Enterprise', recordId: enterprise._id, detail: `${ID}: place names brought up to date` },
      { at: context.now, id: `${ID}:${enterprise._id}` },
    );
    changed += 1;
  }
  return changed;
}

/**
 * Why it exists: databases seeded by earlier seed generators hold records the API could never have written and words
 * that contradict their fields (issue 17): complaints whose feedback the handling region gave (feedback is the
 * receiving region's step), contract templates with a return and an endorsement by one region in one review round
 * (and effectiveFrom not the time of the third endorsement), risk alerts listing enterprises their text does not name,
 * naming a brand their other makers do not carry, with advice for another product, and former place names (蓟县).
 *
 * What it does, per record, through the services' own rules (complaint.workflow.ts, contractTemplate.workflow.ts,
 * seeds/alertText.ts; the repairs in recordRepairs.ts): a step's entry re-attributed to the step's actor region and
 * its bureau; review decisions put in rounds (a return ends one), a published version's last round completed with
 * the endorsements of the resubmission, effectiveFrom the third endorsement; an alert's text naming (or, when some
 * are of other regions, counting) the enterprises it lists, keeping only brands they all carry, with its product's
 * advice; place names brought up to date (kernel/placeNames.ts). Each changed record keeps its ID and gets one event
 * (…_UPDATED / …_CHANGED) and one audit entry by the region's system identity; nothing is deleted.
 *
 * Idempotent and harmless on current-shape data: it writes only records that still fail the rules (a repaired or a
 * freshly seeded record passes them); values depend only on the data. What it cannot repair here (an alert's
 * words about makers of other regions, read only from their registers; a recall citing another region's alert) the
 * seed check (seeds/check.ts) covers for new seeds.
 */
export const coherentRecords: Migration = {
  id: ID,
  description: 'Bring records of older seed generators in line with the API\'s workflow rules and their own words: complaint steps by their actor region, review rounds of templates, alerts naming what they list with their product\'s advice, current place names (蓟县 → 蓟州区)',
  async up(context) {
    const database = regionalDatabase(context.db);
    const write: WriteContext = { region: context.region, database, outboxWritten: () => undefined, clock: () => context.now };
    const ownNames = new Map<string, string>();
    for await (const enterprise of database.enterprises.find({}, { projection: { _id: 1, name: 1 } })) ownNames.set(enterprise._id, enterprise.name);
    const enterpriseName = (code: string): string | undefined => (regionOfCreditCode(code) === context.region ? ownNames.get(code) : undefined);
    const places = (record: object): Record<string, unknown> | null => placeNameRepair(record as Record<string, unknown>);

    // Place names first, so that alerts are then read with their enterprises' current names.
    let documentsChanged = await repairEnterprises(context, database);
    for await (const enterprise of database.enterprises.find({}, { projection: { _id: 1, name: 1 } })) ownNames.set(enterprise._id, enterprise.name);

    documentsChanged += await repairAll(context, write, COMPLAINTS, 'COMPLAINT_CHANGED', (complaint) => {
      const repair: Repair = { set: {}, what: [] };
      merge(repair, places(complaint), 'place names brought up to date');
      merge(repair, complaintActorRepair({ ...complaint, ...repair.set }), 'timeline steps attributed to the region whose step they are');
      return repair;
    });
    documentsChanged += await repairAll(context, write, CONTRACT_TEMPLATES, 'CONTRACT_TEMPLATE_CHANGED', (template) => {
      const repair: Repair = { set: {}, what: [] };
      merge(repair, places(template), 'place names brought up to date');
      merge(repair, reviewRoundsRepair({ ...template, ...repair.set }), 'review decisions put in the rounds the API would have made');
      return repair;
    });
    documentsChanged += await repairAll(context, write, RISK_ALERTS, 'RISK_ALERT_UPDATED', (alert) => {
      const repair: Repair = { set: {}, what: [] };
      merge(repair, places(alert), 'place names brought up to date');
      merge(repair, alertWordsRepair({ ...alert, ...repair.set }, enterpriseName), 'title and description name what the alert lists, with its product\'s advice');
      return repair;
    });
    documentsChanged += await repairAll(context, write, RECALLS, 'RECALL_UPDATED', (recall) => {
      const repair: Repair = { set: {}, what: [] };
      merge(repair, places(recall), 'place names brought up to date');
      return repair;
    });
    if (documentsChanged > 0) context.logger.info({ documentsChanged }, 'records brought in line with the workflow rules and their own words');
    return { documentsChanged };
  },
};

