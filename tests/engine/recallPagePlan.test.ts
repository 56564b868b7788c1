/**
 * A page of recalls filtered by category (issue 22's scale bench page) is one index range: its cost does not grow
 * with the data, even for a category that recent recalls do not have. Runs the regional filter and sort shapes
 * (recallFilterToMongo, keysetPage's sort) over the regional index list, in an in-process engine.
 */
import { MongoClient, type Filter } from 'mongodb';
import { startEngine } from '../../services/engine';
import { REGION_INDEXES } from '../../services/regional/model/indexes';
import { recallFilterToMongo } from '../../services/regional/entities/recall/recall.service';
import type { AnyDoc } from './util';

const embedded = !process.env.MONGODB_URI;
const maybe = embedded ? describe : describe.skip;

maybe('a recall page filtered by category', () => {
  it('walks the 21 keys of one index range, however deep the category sits in announcement order', async () => {
    const engine = await startEngine();
    const client = await MongoClient.connect(engine.uri);
    try {
      const recalls = client.db('recall_page_plan').collection<AnyDoc>('recalls');
      await recalls.createIndexes([...REGION_INDEXES.recalls]);
      // 1,000 recent recalls of one category, then 30 older ones of another: the page of the older category lies
      // under all the recent ones in announcedAt order.
      const day = 86_400_000;
      await recalls.insertMany([
        ...Array.from({ length: 1000 }, (_, i) => ({ _id: `TJ-RCL-2025-${String(i).padStart(6, '0')}`, recallNumber: `recent-${i}`, productCategory: 'FOOD', status: 'ANNOUNCED', announcedAt: new Date(Date.UTC(2025, 0, 1) + i * day / 100) })),
        ...Array.from({ length: 30 }, (_, i) => ({ _id: `TJ-RCL-2020-${String(i).padStart(6, '0')}`, recallNumber: `old-${i}`, productCategory: 'TOYS', status: i % 2 ? 'COMPLETED' : 'ANNOUNCED', announcedAt: new Date(Date.UTC(2020, 0, 1) + i * day) })),
      ]);
      const filter = recallFilterToMongo({ categories: ['TOYS'] } as Parameters<typeof recallFilterToMongo>[0], 'TJ');
      const sort = { announcedAt: -1, _id: -1 } as const;
      const explained = await client.db('recall_page_plan').command({ explain: { find: 'recalls', filter, sort, limit: 21 } });
      expect(explained.queryPlanner.winningPlan.inputStage).toMatchObject({ stage: 'IXSCAN', indexName: 'category_announcedAt_id' });
      expect(explained.executionStats).toMatchObject({ nReturned: 21, totalKeysExamined: 21, totalDocsExamined: 21 });
      const page = await recalls.find(filter as Filter<AnyDoc>, { sort, limit: 21 }).toArray();
      expect(page.map((recall) => recall._id)).toEqual(Array.from({ length: 21 }, (_, i) => `TJ-RCL-2020-${String(29 - i).padStart(6, '0')}`));
    } finally {
      await client.close();
      await engine.close();
    }
  });
});
