/**
 * Money in the regional subgraph (Tianjin, seeded): the `Money` scalar on complaints (accepted as a string or a
 * number with at most two decimals, served as a two-decimal string, stored as whole fen), refusals located with
 * BAD_USER_INPUT, and the migration that turns stored floats of yuan into fen.
 */
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { complaintAmountsInFen } from '../../services/regional/migrations/2026-12-06-04-amounts-in-fen';
import { startSeededSubgraph, type SeededSubgraph } from '../helpers/regionalSubgraph';

jest.setTimeout(120_000);

let subgraph: SeededSubgraph;

beforeAll(async () => {
  subgraph = await startSeededSubgraph('TJ');
});

afterAll(async () => {
  await subgraph?.stop();
});

const REGISTER = `mutation($input: RegisterComplaintInput!) { registerComplaint(input: $input) { id amount amountInDispute } }`;

function complaintInput(amountInDispute: unknown) {
  const business = subgraph.seed.enterprises.find((enterprise) => enterprise.registrationRegion === 'TJ')!;
  return {
    channel: 'WEB',
    category: 'PRICE',
    consumer: { name: '王五', phone: '13800001111', address: '天津市和平区南京路1号' },
    business: { creditCode: business._id, name: business.name },
    subject: '多收费',
    description: '结账金额高于标价',
    amountInDispute,
  };
}

describe('the Money scalar', () => {
  it('accepts a string or a number with up to two decimals, stores fen, and serves a two-decimal string (the Float kept as deprecated)', async () => {
    const first = (await subgraph.ok(REGISTER, { input: complaintInput('0.10') })).registerComplaint;
    const second = (await subgraph.ok(REGISTER, { input: complaintInput(0.2) })).registerComplaint;
    expect(first).toMatchObject({ amount: '0.10', amountInDispute: 0.1 });
    expect(second).toMatchObject({ amount: '0.20', amountInDispute: 0.2 });
    const client = await MongoClient.connect(subgraph.engine.uri);
    try {
      const stored = await client.db('jjj_tj_subgraph_test').collection('complaints').find({ _id: { $in: [first.id, second.id] } }).toArray();
      expect(stored.map((document) => [document.amountInDisputeFen, 'amountInDispute' in document])).toEqual([
        [10, false],
        [20, false],
      ]);
    } finally {
      await client.close();
    }
    // A literal: integers and two-decimal floats alike.
    const literal = await subgraph.ok(`mutation { registerComplaint(input: {
      channel: WEB, category: PRICE, consumer: { name: "王五", phone: "13800001111", address: "天津市和平区" },
      business: { creditCode: "${complaintInput(0).business.creditCode}", name: "商家" }, subject: "多收费", description: "结账", amountInDispute: 3299.5 }) { amount } }`);
    expect(literal.registerComplaint.amount).toBe('3299.50');
  });

  it.each<[unknown, string]>([
    ['0.123', 'TOO_MANY_DECIMALS'],
    [0.125, 'TOO_MANY_DECIMALS'],
    ['十二元', 'NOT_A_NUMBER'],
    ['90071992547409.92', 'OUT_OF_RANGE'],
  ])('refuses %p in a variable with BAD_USER_INPUT (%s) naming input.amountInDispute, writing nothing', async (amount, reason) => {
    const before = await subgraph.ok<{ complaints: { totalCount: number } }>('{ complaints(first: 1) { totalCount } }');
    const result = await subgraph.post(REGISTER, { input: complaintInput(amount) });
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'input.amountInDispute', reason } })]);
    const after = await subgraph.ok<{ complaints: { totalCount: number } }>('{ complaints(first: 1) { totalCount } }');
    expect(after.complaints.totalCount).toBe(before.complaints.totalCount);
  });

  it('refuses a literal with three decimals with BAD_USER_INPUT and its location', async () => {
    const result = await subgraph.post(`mutation { registerComplaint(input: {
      channel: WEB, category: PRICE, consumer: { name: "王五", phone: "13800001111", address: "天津市和平区" },
      business: { creditCode: "${complaintInput(0).business.creditCode}", name: "商家" }, subject: "多收费", description: "结账", amountInDispute: "1.234" }) { amount } }`);
    expect(result.errors).toEqual([expect.objectContaining({ locations: [expect.objectContaining({ line: 3 })], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_DECIMALS' }) })]);
  });

  it('serves every seeded amount as its fen with two decimals', async () => {
    const nodes: Array<{ id: string; amount: string }> = [];
    for (let after: string | null = null; ; ) {
      const page: any = (await subgraph.ok(`query($after: String) { complaints(first: 100, after: $after, orderBy: { field: ID }) { edges { node { id amount } } pageInfo { hasNextPage endCursor } } }`, { after })).complaints;
      nodes.push(...page.edges.map((edge: any) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const byId = new Map(subgraph.seed.complaints.map((complaint) => [complaint._id, complaint.amountInDisputeFen]));
    expect(nodes.filter((node) => byId.has(node.id)).length).toBe(subgraph.seed.complaints.length);
    for (const node of nodes.filter((candidate) => byId.has(candidate.id))) {
      const fen = byId.get(node.id)!;
      expect(node.amount).toBe(`${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);
    }
  });
});

describe('migration 2026-12-06-04-amounts-in-fen', () => {
  it('turns stored floats of yuan into fen, drops the old index, leaves current-shape records alone, and changes nothing the second time', async () => {
    const client = await MongoClient.connect(subgraph.engine.uri);
    try {
      const db = client.db('jjj_tj_money_migration_test');
      const complaints = db.collection('complaints');
      const [a, b, c, d] = subgraph.seed.complaints;
      const oldShape = (document: typeof a, yuan: unknown) => {
        const { amountInDisputeFen: _fen, ...rest } = document!;
        return { ...rest, amountInDispute: yuan };
      };
      await complaints.insertMany([oldShape(a, 342876.22000000003), oldShape(b, 0.1), oldShape(c, 0), { ...d!, amountInDisputeFen: 1999 }] as never[]);
      await complaints.createIndex({ amountInDispute: -1, _id: -1 }, { name: 'amountInDispute_id' });
      const current = await complaints.findOne({ _id: d!._id as never });
      const logger = pino({ level: 'silent' });
      const first = await complaintAmountsInFen.up({ db, region: 'TJ', logger, now: new Date() });
      expect(first?.documentsChanged).toBe(3);
      const after = await complaints.find({}, { sort: { _id: 1 } }).toArray();
      const byId = new Map(after.map((document) => [document._id as unknown as string, document]));
      expect([a, b, c, d].map((document) => byId.get(document!._id)!.amountInDisputeFen)).toEqual([34287622, 10, 0, 1999]);
      expect(after.some((document) => 'amountInDispute' in document)).toBe(false);
      expect(byId.get(d!._id)).toEqual(current);
      expect((await complaints.listIndexes().toArray()).map((index) => index.name)).not.toContain('amountInDispute_id');
      expect((await complaintAmountsInFen.up({ db, region: 'TJ', logger, now: new Date() }))?.documentsChanged).toBe(0);
      expect(await complaints.find({}, { sort: { _id: 1 } }).toArray()).toEqual(after);
    } finally {
      await client.close();
    }
  });
});
