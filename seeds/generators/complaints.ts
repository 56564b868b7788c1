import {
  COMPLAINT_CATEGORIES,
  complaintAcceptDeadline,
  complaintDurations,
  complaintMediationDeadline,
  fenOfYuanFloat,
  REGION_FULL_CHINESE_NAMES,
  shanghaiDayKey,
  type ComplaintCategory,
  type RegionCode,
} from '../../kernel';
import type {
  ComplaintChannel,
  ComplaintStatus,
  ComplaintTimelineEntry,
  ConsumerComplaintDocument,
} from '../../services/regional/model';
import type { SeededRandom } from '../random';
import { COMPLAINT_BUSINESS_AFFINITY, SERVICE_INDUSTRIES } from '../vocabulary/businesses';
import {
  ADVERTISING_CLAIMS,
  CHANNEL_LABELS,
  COMPLAINT_STORIES,
  REJECTION_REASONS,
  RESOLUTION_OUTCOMES,
  TERMINATION_REASONS,
} from '../vocabulary/complaints';
import { districtAgencyName } from '../vocabulary/geography';
import { PRODUCT_CATALOG } from '../vocabulary/products';
import type { EnterpriseSeed, EnterprisesByRegion, GeneratorContext } from './context';
import { addDays, atShanghaiTime, chineseDate, onWorkingDayAfter, randomInstant } from './dates';
import { homeAddress, mobilePhone, personName, pickDistrict } from './people';
import { numberByDate } from './recordIds';

/** Share of complaints about a business registered in another region (transferred there). */
const CROSS_REGION_SHARE = 0.12;
const CROSS_REGION_TARGETS: Readonly<Record<RegionCode, readonly (readonly [RegionCode, number])[]>> = {
  BJ: [['TJ', 7], ['HE', 3]],
  TJ: [['BJ', 5], ['HE', 5]],
  HE: [['BJ', 6], ['TJ', 4]],
};

const CHANNEL_WEIGHTS: readonly (readonly [ComplaintChannel, number])[] = [
  ['HOTLINE_12315', 45],
  ['WEB', 25],
  ['MINI_PROGRAM', 20],
  ['VISIT', 7],
  ['LETTER', 3],
];

const CATEGORY_WEIGHTS: readonly (readonly [ComplaintCategory, number])[] = COMPLAINT_CATEGORIES.map((category) => [
  category,
  category === 'ONLINE_SHOPPING' || category === 'PREPAID_CARD' || category === 'PRODUCT_QUALITY' ? 3 : 1,
]);

function pickBusiness(random: SeededRandom, enterprises: readonly EnterpriseSeed[], category: ComplaintCategory): EnterpriseSeed {
  const kind = random.pick(COMPLAINT_BUSINESS_AFFINITY[category]);
  const candidates = enterprises.filter((e) => (kind === 'MANUFACTURER' ? e.category !== null : e.service === kind));
  return random.pick(candidates.length > 0 ? candidates : enterprises);
}

function itemOf(random: SeededRandom, business: EnterpriseSeed, category: ComplaintCategory): string {
  let item = '商品';
  if (business.category) item = random.pick(PRODUCT_CATALOG[business.category].products).name;
  const service = SERVICE_INDUSTRIES.find((s) => s.key === business.service);
  if (service) item = random.pick(service.offerings);
  // A prepaid complaint is about a card or a course paid in advance.
  return category === 'PREPAID_CARD' && !/(卡|课程)$/.test(item) ? '会员储值卡' : item;
}

function claimOf(random: SeededRandom, business: EnterpriseSeed): string {
  const kind = business.service === 'EDUCATION' || business.service === 'BEAUTY' ? business.service : 'OTHER';
  return random.pick(ADVERTISING_CLAIMS[kind]);
}

function receivedAtFor(random: SeededRandom, channel: ComplaintChannel, context: GeneratorContext): Date {
  const day = shanghaiDayKey(randomInstant(random, context.from, context.to));
  const [fromHour, toHour] = channel === 'VISIT' || channel === 'LETTER' ? [9, 16] : [7, 22];
  const at = atShanghaiTime(day, random.int(fromHour, toHour), random.int(0, 59), random.int(0, 59));
  return at.getTime() < context.from.getTime() ? new Date(context.from.getTime()) : at;
}

function amountFor(random: SeededRandom, [min, max]: readonly [number, number]): number {
  const yuan = random.int(min, max);
  return yuan > 0 && random.chance(0.2) ? Math.round((yuan + random.int(1, 99) / 100) * 100) / 100 : yuan;
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/**
 * The complaints received by a region. About one in eight concern a business registered in
 * another region: they are transferred there (TRANSFERRED, then handled by that region's
 * district bureau). Deadlines come from the kernel's working-day calendar; the timeline stops
 * at `asOf`, so recent complaints are still open.
 */
export function generateComplaints(
  random: SeededRandom,
  context: GeneratorContext,
  region: RegionCode,
  count: number,
  enterprises: EnterprisesByRegion,
): ConsumerComplaintDocument[] {
  const { calendar } = context;
  const drafts: ConsumerComplaintDocument[] = [];
  for (let i = 0; i < count; i++) {
    const handlingRegion = random.chance(CROSS_REGION_SHARE) ? random.weighted(CROSS_REGION_TARGETS[region]) : region;
    const channel = random.weighted(CHANNEL_WEIGHTS);
    const category = random.weighted(CATEGORY_WEIGHTS);
    const business = pickBusiness(random, enterprises[handlingRegion], category);
    const consumerDistrict = pickDistrict(random, region);
    const receivingAgency = districtAgencyName(region, consumerDistrict);
    const handlingAgency = districtAgencyName(handlingRegion, business.district);
    const receivedAt = receivedAtFor(random, channel, context);
    const acceptDeadline = complaintAcceptDeadline(receivedAt, calendar);

    const story = random.pick(COMPLAINT_STORIES[category]);
    const values = {
      item: itemOf(random, business, category),
      business: business.doc.name,
      date: chineseDate(addDays(receivedAt, -random.int(3, 200))),
      claim: claimOf(random, business),
    };

    const timeline: ComplaintTimelineEntry[] = [
      { at: receivedAt, status: 'REGISTERED', region, agency: receivingAgency, note: `通过${CHANNEL_LABELS[channel]}登记投诉。` },
    ];
    const event = (at: Date, status: ComplaintStatus, byHandler: boolean, note: string): Date => {
      timeline.push({ at, status, region: byHandler ? handlingRegion : region, agency: byHandler ? handlingAgency : receivingAgency, note });
      return at;
    };

    let decisionDay = 1;
    if (handlingRegion !== region) {
      const transferDay = random.int(1, 2);
      decisionDay = transferDay + 1;
      event(
        onWorkingDayAfter(random, calendar, receivedAt, transferDay),
        'TRANSFERRED',
        false,
        `经核查，被投诉人${business.doc.name}登记住所地位于${REGION_FULL_CHINESE_NAMES[handlingRegion]}，依据《市场监督管理投诉举报处理暂行办法》有关规定，移送${handlingAgency}处理。`,
      );
    }
    const decidedAt = onWorkingDayAfter(random, calendar, receivedAt, random.int(decisionDay, 7));
    let mediationDeadline: Date | null = null;
    let closedAt: Date;
    if (random.chance(0.85)) {
      event(decidedAt, 'ACCEPTED', true, '投诉符合受理条件，决定受理，并已告知投诉人。');
      mediationDeadline = complaintMediationDeadline(decidedAt, calendar);
      const mediationDay = random.int(1, 3);
      event(onWorkingDayAfter(random, calendar, decidedAt, mediationDay), 'MEDIATING', true, '组织投诉人与被投诉人进行调解。');
      if (random.chance(0.1)) {
        closedAt = event(onWorkingDayAfter(random, calendar, decidedAt, 45), 'TERMINATED', true, TERMINATION_REASONS[0]!);
      } else {
        const closingAt = onWorkingDayAfter(random, calendar, decidedAt, random.int(mediationDay + 1, 44));
        closedAt = random.chance(0.8)
          ? event(closingAt, 'RESOLVED', true, `经调解，双方自愿达成协议：${random.pick(RESOLUTION_OUTCOMES)}。`)
          : event(closingAt, 'TERMINATED', true, random.pick(TERMINATION_REASONS.slice(1)));
      }
    } else {
      closedAt = event(decidedAt, 'REJECTED', true, random.pick(REJECTION_REASONS));
    }
    if (random.chance(0.7)) {
      // Feedback to the consumer is the receiving region's step (complaint.workflow.ts).
      event(onWorkingDayAfter(random, calendar, closedAt, random.int(1, 5)), 'FEEDBACK_GIVEN', false, '已将处理结果反馈投诉人。');
    }

    // What had happened by asOf; registration (and a transfer) always has.
    const keep = Math.max(handlingRegion !== region ? 2 : 1, timeline.filter((e) => e.at.getTime() <= context.asOf.getTime()).length);
    const shown = timeline.slice(0, keep);
    const last = shown[shown.length - 1]!;
    const closing = shown.find((e) => e.status === 'REJECTED' || e.status === 'RESOLVED' || e.status === 'TERMINATED');

    drafts.push({
      _id: '',
      receivingRegion: region,
      handlingRegion,
      channel,
      consumer: { name: personName(random), phone: mobilePhone(random), address: homeAddress(random, region, consumerDistrict) },
      business: { creditCode: business.doc._id, name: business.doc.name },
      category,
      subject: fill(story.subject, values),
      description: fill(story.description, values),
      amountInDisputeFen: fenOfYuanFloat(amountFor(random, story.amount)),
      status: last.status,
      timeline: shown.map((e) => ({ ...e, at: new Date(e.at.getTime()) })),
      durations: complaintDurations({ receivedAt, timeline: shown }, calendar),
      receivedAt,
      acceptDeadline,
      mediationDeadline: shown.some((e) => e.status === 'ACCEPTED') ? mediationDeadline : null,
      closedAt: closing ? new Date(closing.at.getTime()) : null,
      createdAt: new Date(receivedAt.getTime()),
      updatedAt: new Date(last.at.getTime()),
    });
  }
  return numberByDate(drafts, region, 'CMP', (d) => d.receivedAt, (d, id) => {
    d._id = id;
  });
}
