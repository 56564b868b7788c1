import {
  ALL_REGION_CODES,
  complaintAcceptDeadline,
  complaintMediationDeadline,
  isValidCreditCode,
  parseRecordId,
  regionOfCreditCode,
  shanghaiYear,
  type RegionCode,
} from '../../kernel';
import { isJointlyEndorsed } from '../../services/regional/entities/contractTemplate/contractTemplate.workflow';
import { RISK_LEVEL_RANKS } from '../../services/regional/model';
import { DEFAULT_SEED_COUNTS, DEFAULT_SEED_OPTIONS, generateSeedData, type SeedData } from '../../seeds/generate';

let data: SeedData;

beforeAll(() => {
  data = generateSeedData();
});

const { from, to, asOf } = DEFAULT_SEED_OPTIONS;
const inRange = (date: Date): boolean => date.getTime() >= from.getTime() && date.getTime() < to.getTime();
const allOf = <K extends keyof SeedData['BJ']>(key: K): SeedData['BJ'][K] =>
  ALL_REGION_CODES.flatMap((region) => data[region][key] as readonly unknown[]) as SeedData['BJ'][K];

function expectRecordId(id: string, region: RegionCode, type: string, date: Date): void {
  const parts = parseRecordId(id);
  expect(parts).not.toBeNull();
  expect(parts!.region).toBe(region);
  expect(parts!.type).toBe(type);
  expect(parts!.year).toBe(shanghaiYear(date));
}

describe('seed generator', () => {
  // Generation time is a speed target: it belongs in a benchmark, not in a timed unit test that a busy machine fails.
  it('makes the default counts for every region', () => {
    for (const region of ALL_REGION_CODES) {
      for (const [entity, count] of Object.entries(DEFAULT_SEED_COUNTS)) {
        expect(data[region][entity as keyof typeof DEFAULT_SEED_COUNTS]).toHaveLength(count);
      }
    }
  });

  it('is deterministic', () => {
    const again = generateSeedData();
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
    const otherSeed = generateSeedData({ seed: 7 });
    expect(JSON.stringify(otherSeed)).not.toBe(JSON.stringify(data));
  });

  it('honours per-region count overrides', () => {
    const small = generateSeedData({
      counts: { enterprises: 20, riskAlerts: 10, recalls: 10, contractTemplates: 4, complaints: 10 },
      countsByRegion: { TJ: { recalls: 25 } },
    });
    expect(small.TJ.recalls).toHaveLength(25);
    expect(small.BJ.recalls).toHaveLength(10);
    expect(small.HE.contractTemplates).toHaveLength(4);
  });

  it('gives enterprises valid credit codes of their own region, unique ids and names', () => {
    for (const region of ALL_REGION_CODES) {
      const enterprises = data[region].enterprises;
      expect(new Set(enterprises.map((e) => e._id)).size).toBe(enterprises.length);
      expect(new Set(enterprises.map((e) => e.name)).size).toBe(enterprises.length);
      for (const enterprise of enterprises) {
        expect(isValidCreditCode(enterprise._id)).toBe(true);
        expect(regionOfCreditCode(enterprise._id)).toBe(region);
        expect(enterprise.registrationRegion).toBe(region);
        expect(enterprise.address.startsWith({ BJ: '北京市', TJ: '天津市', HE: '河北省' }[region])).toBe(true);
      }
    }
  });

  it('refers only to existing enterprises, with valid codes', () => {
    const known = new Set(allOf('enterprises').map((e) => e._id));
    for (const region of ALL_REGION_CODES) {
      for (const recall of data[region].recalls) {
        expect(known.has(recall.manufacturer.creditCode)).toBe(true);
        expect(regionOfCreditCode(recall.manufacturer.creditCode)).toBe(region);
      }
      for (const alert of data[region].riskAlerts) {
        for (const code of alert.enterpriseCreditCodes) {
          expect(isValidCreditCode(code)).toBe(true);
          expect(known.has(code)).toBe(true);
        }
      }
      for (const complaint of data[region].complaints) {
        expect(known.has(complaint.business.creditCode)).toBe(true);
        expect(regionOfCreditCode(complaint.business.creditCode)).toBe(complaint.handlingRegion);
      }
    }
  });

  it('numbers records with IDs of their region, type and Shanghai year, unique per region', () => {
    for (const region of ALL_REGION_CODES) {
      const { riskAlerts, recalls, contractTemplates, complaints } = data[region];
      riskAlerts.forEach((a) => expectRecordId(a._id, region, 'RSK', a.issuedAt));
      recalls.forEach((r) => expectRecordId(r._id, region, 'RCL', r.announcedAt));
      contractTemplates.forEach((t) => expectRecordId(t._id, region, 'CTP', t.createdAt));
      complaints.forEach((c) => expectRecordId(c._id, region, 'CMP', c.receivedAt));
      for (const list of [riskAlerts, recalls, contractTemplates, complaints]) {
        expect(new Set(list.map((d) => d._id)).size).toBe(list.length);
      }
      expect(new Set(recalls.map((r) => r.recallNumber)).size).toBe(recalls.length);
      expect(riskAlerts.every((a) => a.region === region)).toBe(true);
      expect(recalls.every((r) => r.region === region)).toBe(true);
      expect(contractTemplates.every((t) => t.draftingRegion === region)).toBe(true);
      expect(complaints.every((c) => c.receivingRegion === region)).toBe(true);
    }
  });

  it('dates records inside the configured range, with updates no later than asOf', () => {
    for (const doc of [...allOf('riskAlerts'), ...allOf('recalls'), ...allOf('complaints'), ...allOf('contractTemplates')]) {
      expect(inRange(doc.createdAt)).toBe(true);
      expect(doc.updatedAt.getTime()).toBeGreaterThanOrEqual(doc.createdAt.getTime());
      expect(doc.updatedAt.getTime()).toBeLessThanOrEqual(asOf.getTime());
    }
    const years = new Set(allOf('recalls').map((r) => shanghaiYear(r.announcedAt)));
    expect([...years].sort()).toEqual([2022, 2023, 2024, 2025, 2026]);
  });

  it('keeps risk alert fields consistent', () => {
    for (const alert of allOf('riskAlerts')) {
      expect(alert.riskLevelRank).toBe(RISK_LEVEL_RANKS[alert.riskLevel]);
      expect(alert.resolvedAt !== null).toBe(alert.status === 'RESOLVED');
      if (alert.resolvedAt) expect(alert.resolvedAt.getTime()).toBeGreaterThan(alert.issuedAt.getTime());
      expect(alert.title.length).toBeGreaterThan(5);
    }
  });

  it('keeps recall fields consistent', () => {
    for (const recall of allOf('recalls')) {
      expect(recall.quantityToRecall).toBeLessThanOrEqual(recall.quantityMade);
      expect(recall.quantityToRecall).toBeGreaterThan(0);
      expect(recall.productionStart.getTime()).toBeLessThan(recall.productionEnd.getTime());
      expect(recall.productionEnd.getTime()).toBeLessThan(recall.announcedAt.getTime());
      expect(recall.models.length).toBeGreaterThan(0);
      expect(recall.recallNumber).toMatch(/^[京津冀]召字〔\d{4}〕第\d+号$/);
    }
  });

  it('links recalls and risk alerts consistently on both sides, across regions', () => {
    const alerts = new Map(allOf('riskAlerts').map((a) => [a._id, a]));
    const recalls = new Map(allOf('recalls').map((r) => [r._id, r]));
    let links = 0;
    for (const recall of recalls.values()) {
      for (const alertId of recall.riskAlertIds) {
        const alert = alerts.get(alertId);
        expect(alert).toBeDefined();
        expect(alert!.relatedRecallIds).toContain(recall._id);
        expect(alert!.productCategory).toBe(recall.productCategory);
        expect(alert!.issuedAt.getTime()).toBeLessThan(recall.announcedAt.getTime());
        expect(alert!.enterpriseCreditCodes).toContain(recall.manufacturer.creditCode);
        links++;
      }
    }
    for (const alert of alerts.values()) {
      for (const recallId of alert.relatedRecallIds) expect(recalls.get(recallId)?.riskAlertIds).toContain(alert._id);
    }
    expect(links).toBeGreaterThan(300);
    const hebeiFollowingTianjin = data.HE.recalls.filter((r) => r.riskAlertIds.some((id) => id.startsWith('TJ-RSK-')));
    expect(hebeiFollowingTianjin.length).toBeGreaterThanOrEqual(20);
  });

  it('transfers cross-region complaints with a consistent timeline and kernel deadlines', () => {
    const beijingAboutTianjin = data.BJ.complaints.filter((c) => c.handlingRegion === 'TJ');
    expect(beijingAboutTianjin.length).toBeGreaterThanOrEqual(15);
    for (const complaint of allOf('complaints')) {
      const { timeline } = complaint;
      expect(timeline[0]).toMatchObject({ status: 'REGISTERED', region: complaint.receivingRegion });
      expect(timeline[0]!.at).toEqual(complaint.receivedAt);
      for (let i = 1; i < timeline.length; i++) expect(timeline[i]!.at.getTime()).toBeGreaterThan(timeline[i - 1]!.at.getTime());
      expect(complaint.status).toBe(timeline[timeline.length - 1]!.status);
      expect(complaint.updatedAt).toEqual(timeline[timeline.length - 1]!.at);
      expect(complaint.acceptDeadline).toEqual(complaintAcceptDeadline(complaint.receivedAt));

      const transferred = timeline.find((e) => e.status === 'TRANSFERRED');
      if (complaint.handlingRegion !== complaint.receivingRegion) {
        expect(transferred).toBeDefined();
        expect(transferred!.region).toBe(complaint.receivingRegion);
        expect(complaint.status).not.toBe('REGISTERED');
        // The handling region takes the steps after the transfer; feedback to the consumer is the receiving region's.
        for (const entry of timeline.slice(2)) expect(entry.region).toBe(entry.status === 'FEEDBACK_GIVEN' ? complaint.receivingRegion : complaint.handlingRegion);
      } else {
        expect(transferred).toBeUndefined();
      }

      const decision = timeline.find((e) => e.status === 'ACCEPTED' || e.status === 'REJECTED');
      if (decision) expect(decision.at.getTime()).toBeLessThanOrEqual(complaint.acceptDeadline.getTime());
      const accepted = timeline.find((e) => e.status === 'ACCEPTED');
      expect(complaint.mediationDeadline).toEqual(accepted ? complaintMediationDeadline(accepted.at) : null);
      const closing = timeline.find((e) => ['REJECTED', 'RESOLVED', 'TERMINATED'].includes(e.status));
      expect(complaint.closedAt).toEqual(closing ? closing.at : null);
      if (closing && complaint.mediationDeadline) expect(closing.at.getTime()).toBeLessThanOrEqual(complaint.mediationDeadline.getTime());
    }
  });

  it('publishes contract templates only with all three endorsements and chains versions', () => {
    const all = allOf('contractTemplates');
    expect(new Set(all.map((t) => t.code)).size).toBe(all.length);
    const byId = new Map(all.map((t) => [t._id, t]));
    for (const template of all) {
      // Endorsements count in the current review round only (a return ends a round; resubmission opens the next).
      const published = template.status === 'PUBLISHED' || template.status === 'SUPERSEDED';
      expect(isJointlyEndorsed(template)).toBe(published);
      expect(template.effectiveFrom !== null).toBe(published);
      if (template.status === 'DRAFT' && template.endorsements.length > 0) expect(template.endorsements[template.endorsements.length - 1]!.decision).toBe('RETURNED');
      if (template.endorsements.length > 0) expect(template.endorsements[0]!.region).toBe(template.draftingRegion);
      expect(template.code).toMatch(new RegExp(`^JJJ-${template.draftingRegion}-HT-${template.version}-\\d{3}$`));
      expect(template.lineage).toBe(template.code.replace(`-${template.version}-`, '-'));
      if (template.successorId) expect(byId.get(template.successorId)!.supersedesId).toBe(template._id);
      expect(template.clauses.map((c) => c.number)).toEqual(template.clauses.map((_, i) => i + 1));
      if (template.supersedesId) {
        const previous = byId.get(template.supersedesId)!;
        expect(previous).toBeDefined();
        expect(previous.draftingRegion).toBe(template.draftingRegion);
        expect(previous.version).toBeLessThan(template.version);
        expect(previous.lineage).toBe(template.lineage);
        expect(previous.successorId).toBe(template._id);
        expect(['SUPERSEDED', 'PUBLISHED']).toContain(previous.status);
        if (previous.status === 'SUPERSEDED') expect(['PUBLISHED', 'SUPERSEDED']).toContain(template.status);
      }
    }
    const statuses = new Set(all.map((t) => t.status));
    expect([...statuses].sort()).toEqual(['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'SUPERSEDED', 'WITHDRAWN']);
    // Lineage rules (contractTemplate.lineage.ts): at most one published and one in progress per lineage.
    const lineages = new Map<string, typeof all>();
    for (const template of all) lineages.set(template.lineage, [...(lineages.get(template.lineage) ?? []), template]);
    for (const versions of lineages.values()) {
      expect(versions.filter((t) => t.status === 'PUBLISHED').length).toBeLessThanOrEqual(1);
      expect(versions.filter((t) => t.status === 'DRAFT' || t.status === 'IN_REVIEW').length).toBeLessThanOrEqual(1);
    }
  });
});
