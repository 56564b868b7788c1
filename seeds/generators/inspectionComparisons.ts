import {
  ALL_REGION_CODES,
  assessResult,
  COMPARISON_SCHEME_LABELS,
  formatDecimal,
  laboratoryCode,
  PROFICIENCY_OUTCOME_LABELS,
  requireDecimal,
  shanghaiYear,
  type ComparisonScheme,
  type ParticipantOutcome,
  type RegionCode,
} from '../../kernel';
import type { ComparisonParticipantDocument, InspectionComparisonDocument } from '../../services/regional/model';
import type { SeededRandom } from '../random';
import { COMPARISON_ORGANISERS, LABORATORIES, MEASURANDS, type LaboratorySeed, type MeasurandSeed } from '../vocabulary/laboratories';
import type { GeneratorContext } from './context';
import { addDays, minDate, randomOfficeInstant } from './dates';
import { numberByDate } from './recordIds';

/** Rounds whose results are due this many days after opening have their report published by `asOf`. */
const RESULTS_DAYS = 45;

/** A z-score in hundredths, most laboratories close to the assigned value and a few far off (as real rounds go). */
function zHundredths(random: SeededRandom): number {
  const kind = random.weighted<'good' | 'fair' | 'off'>([['good', 82], ['fair', 12], ['off', 6]]);
  const magnitude = kind === 'good' ? random.int(0, 200) : kind === 'fair' ? random.int(201, 299) : random.int(300, 620);
  return random.chance(0.5) ? -magnitude : magnitude;
}

/** X + z·σ, one decimal place finer than X, in decimal (never binary floating point). */
function resultFor(measurand: MeasurandSeed, z: number): string {
  const assigned = requireDecimal('assignedValue', measurand.assignedValue);
  const deviation = requireDecimal('standardDeviation', measurand.standardDeviation);
  const scale = Math.max(assigned.scale, deviation.scale) + 1;
  const at = (decimal: { units: bigint; scale: number }, target: number) => decimal.units * 10n ** BigInt(target - decimal.scale);
  // At scale + 2, then rounded half up to scale (the laboratory reports to that precision).
  const exact = at(assigned, scale + 2) + (at(deviation, scale) * BigInt(z));
  const rounded = (exact >= 0n ? exact + 50n : exact - 50n) / 100n;
  return formatDecimal({ units: rounded, scale });
}

interface Candidate extends LaboratorySeed {
  region: RegionCode;
}

function participantsFor(random: SeededRandom, measurand: MeasurandSeed): Candidate[] {
  const candidates = ALL_REGION_CODES.flatMap((region) => LABORATORIES[region].filter((lab) => lab.fields.includes(measurand.field)).map((lab) => ({ ...lab, region })));
  return random.sample(candidates, random.int(Math.min(5, candidates.length), candidates.length));
}

function summaryOf(scheme: ComparisonScheme, participants: readonly ComparisonParticipantDocument[]): string {
  const count = (outcome: ParticipantOutcome) => participants.filter((participant) => participant.outcome === outcome).length;
  const reported = participants.length - count('PENDING');
  return (
    `本次${COMPARISON_SCHEME_LABELS[scheme]}共有${participants.length}家实验室报名参加，${reported}家按时回报结果。` +
    `按照GB/T 28043—2019（ISO 13528）以z比分数评价：${PROFICIENCY_OUTCOME_LABELS.SATISFACTORY}${count('SATISFACTORY')}家，` +
    `${PROFICIENCY_OUTCOME_LABELS.QUESTIONABLE}${count('QUESTIONABLE')}家，${PROFICIENCY_OUTCOME_LABELS.UNSATISFACTORY}${count('UNSATISFACTORY')}家。` +
    '结果为有问题或不满意的实验室应查找原因、采取纠正措施，并于报告发布后30日内向组织机构提交整改报告。'
  );
}

/** One region's proficiency-testing and comparison rounds, numbered by opening date. */
export function generateInspectionComparisons(random: SeededRandom, context: GeneratorContext, region: RegionCode, count: number): InspectionComparisonDocument[] {
  const rounds: InspectionComparisonDocument[] = [];
  for (let i = 0; i < count; i++) {
    const measurand = random.pick(MEASURANDS);
    const scheme = random.weighted<ComparisonScheme>([['PROFICIENCY_TESTING', 3], ['INTERLABORATORY_COMPARISON', 1]]);
    const openedAt = randomOfficeInstant(random, context.from, context.to);
    const published = addDays(openedAt, RESULTS_DAYS + 15).getTime() <= context.asOf.getTime();
    const resultsBy = minDate(addDays(openedAt, RESULTS_DAYS), context.asOf);
    const participants: ComparisonParticipantDocument[] = participantsFor(random, measurand).map((lab, index) => {
      const reports = published ? random.chance(0.95) : random.chance(0.5);
      const base = { code: laboratoryCode(index), name: lab.name, region: lab.region, accreditationNumber: lab.accreditationNumber };
      if (!reports) return { ...base, result: null, reportedAt: null, zScore: null, outcome: 'PENDING' as const };
      const result = resultFor(measurand, zHundredths(random));
      return { ...base, result, reportedAt: randomOfficeInstant(random, addDays(openedAt, 7), resultsBy), ...assessResult(result, measurand.assignedValue, measurand.standardDeviation) };
    });
    const publishedAt = addDays(openedAt, RESULTS_DAYS + random.int(5, 15));
    rounds.push({
      _id: '',
      region,
      programmeNumber: '',
      title: `${measurand.measurand}${COMPARISON_SCHEME_LABELS[scheme]}`,
      scheme,
      field: measurand.field,
      organiser: random.pick(COMPARISON_ORGANISERS[region]),
      measurand: measurand.measurand,
      unit: measurand.unit,
      assignedValue: measurand.assignedValue,
      standardDeviation: measurand.standardDeviation,
      openedAt,
      status: published ? 'REPORT_PUBLISHED' : 'OPEN',
      participants,
      participantRegions: ALL_REGION_CODES.filter((code) => participants.some((participant) => participant.region === code)),
      report: published ? { publishedAt, summary: summaryOf(scheme, participants) } : null,
      createdAt: openedAt,
      updatedAt: published ? publishedAt : participants.reduce((latest, participant) => (participant.reportedAt && participant.reportedAt > latest ? participant.reportedAt : latest), openedAt),
    });
  }
  return numberByDate(rounds, region, 'PTC', (round) => round.openedAt, (round, id, year, serial) => {
    round._id = id;
    round.programmeNumber = `${region}-PT-${year}-${String(serial).padStart(2, '0')}`;
    round.title = `${shanghaiYear(round.openedAt)}年度${round.title}`;
  });
}
