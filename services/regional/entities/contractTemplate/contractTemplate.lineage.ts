import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import { formatTemplateCode, formatTemplateLineage, parseTemplateCode, type RegionCode } from '../../../../kernel';
import type { CounterDocument } from '../../data/database';
import { DomainError } from '../../data/domainErrors';
import type { ContractTemplateDocument } from '../../model';

/**
 * A template's lineage: every version of one text, drafted by one region, sharing the serial of the code
 * (`JJJ-TJ-HT-2024-003`, `JJJ-TJ-HT-2026-003` → lineage `JJJ-TJ-HT-003`). The rules, all checked in the drafting
 * region's own database (a lineage never spans regions, so no region asks another anything):
 * - versions strictly increase: a new version's year is later than every version the lineage has had;
 * - only the current (published) version can be superseded, and by one successor at a time;
 * - at most one version is published: publishing a version supersedes the published ones below it;
 * - withdrawing the published version reinstates the latest version it replaced (still jointly endorsed), or leaves
 *   the lineage with none when there is none; the response's `currentVersion` says which.
 */

/** A lineage rule refused: BAD_USER_INPUT naming the input `field`, with the lineage's current version when it has one. */
export class LineageRuleError extends DomainError {
  readonly code = 'BAD_USER_INPUT';

  constructor(field: string, message: string, current: ContractTemplateDocument | null) {
    super(message, { field, reason: 'TEMPLATE_LINEAGE', ...(current ? { currentVersionId: current._id, currentVersionCode: current.code } : {}) });
  }
}

/** How a version is named in messages: `JJJ-TJ-HT-2026-003 (TJ-CTP-2026-000041, PUBLISHED)`. */
export function describeVersion(template: ContractTemplateDocument): string {
  return `${template.code} (${template._id}, ${template.status})`;
}

export function describeCurrent(current: ContractTemplateDocument | null, lineage: string): string {
  return current ? `the current version of ${lineage} is ${current.code} (${current._id})` : `${lineage} has no published version`;
}

/** Every version of a lineage, oldest version first. */
export function lineageVersions(collection: Collection<ContractTemplateDocument>, lineage: string): Promise<ContractTemplateDocument[]> {
  return collection.find({ lineage }, { sort: { version: 1, _id: 1 } }).toArray();
}

/** The lineage's current version: its published one (the newest, should a crash have left two). */
export function currentOf(versions: readonly ContractTemplateDocument[]): ContractTemplateDocument | null {
  return versions.filter((version) => version.status === 'PUBLISHED').reduce<ContractTemplateDocument | null>((newest, v) => (!newest || v.version > newest.version ? v : newest), null);
}

const COUNTER_ID = 'CTP-lineage';
/** A successor claim older than this whose successor never appeared was left by a crash: the slot is free again. */
export const SUCCESSOR_CLAIM_TTL_MS = 60_000;

/**
 * The next lineage serial of the region (a counter `$inc`, one single-document write, so two drafts never share
 * one), skipping serials already in use (seeded or migrated lineages) the first time.
 */
export async function nextLineageSerial(templates: Collection<ContractTemplateDocument>, counters: Collection<CounterDocument>, region: RegionCode): Promise<number> {
  const counter = await counters.findOneAndUpdate({ _id: COUNTER_ID }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
  const serial = counter!.seq;
  const taken = await templates.countDocuments({ lineage: formatTemplateLineage(region, serial) }, { limit: 1 });
  if (taken === 0) return serial;
  let highest = 0;
  for await (const { code } of templates.find({}, { projection: { code: 1 } })) {
    const parts = parseTemplateCode(code);
    if (parts?.region === region) highest = Math.max(highest, parts.serial);
  }
  await counters.updateOne({ _id: COUNTER_ID }, { $max: { seq: highest } });
  const next = await counters.findOneAndUpdate({ _id: COUNTER_ID }, { $inc: { seq: 1 } }, { returnDocument: 'after' });
  return next!.seq;
}

export function codeFor(region: RegionCode, serial: number, version: number): { code: string; lineage: string } {
  return { code: formatTemplateCode(region, serial, version), lineage: formatTemplateLineage(region, serial) };
}

function claimTime(successorId: string): number | null {
  const match = /^claim:(\d+):/.exec(successorId);
  return match ? Number(match[1]) : null;
}

/**
 * The successor slot of `previous` as it stands: the live successor's ID (a version not withdrawn that supersedes
 * it, or a claim younger than the TTL), or null when the slot is free.
 */
export function liveSuccessor(previous: ContractTemplateDocument, versions: readonly ContractTemplateDocument[], now: number): string | null {
  const successor = versions.find((version) => version.supersedesId === previous._id && version.status !== 'WITHDRAWN');
  if (successor) return successor._id;
  const slot = previous.successorId ?? null;
  const claimedAt = slot ? claimTime(slot) : null;
  return claimedAt !== null && now - claimedAt < SUCCESSOR_CLAIM_TTL_MS ? slot : null;
}

/**
 * Takes `previous`'s successor slot with one conditional single-document write: only if it is still PUBLISHED and its
 * slot still holds what was read (free, a withdrawn successor or an expired claim). Of two drafts racing for one
 * version exactly one gets the slot; the other is refused. Returns the claim to finish or release, or null if lost.
 */
export async function claimSuccessorSlot(templates: Collection<ContractTemplateDocument>, previous: ContractTemplateDocument, now: number): Promise<string | null> {
  const claim = `claim:${now}:${randomUUID()}`;
  const result = await templates.updateOne({ _id: previous._id, status: 'PUBLISHED', successorId: previous.successorId ?? null }, { $set: { successorId: claim } });
  return result.modifiedCount === 1 ? claim : null;
}

/** Puts the new version's ID in the slot it claimed (or frees the slot when the insert failed: `successorId` null). */
export async function settleSuccessorSlot(templates: Collection<ContractTemplateDocument>, previousId: string, claim: string, successorId: string | null): Promise<void> {
  await templates.updateOne({ _id: previousId, successorId: claim }, { $set: { successorId } });
}
