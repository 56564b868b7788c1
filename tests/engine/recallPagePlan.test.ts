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

      // Two categories ($in): one range each, merged in announcement order, stopping after the page's 21 rows (plus
      // the one key each range has read ahead), not a walk down the announcedAt index testing every recent recall.
      await recalls.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: `TJ-RCL-2021-${String(i).padStart(6, '0')}`, recallNumber: `older-${i}`, productCategory: 'COSMETICS', status: 'ANNOUNCED', announcedAt: new Date(Date.UTC(2020, 0, 1) + i * day + day / 2) })));
      const twoCategories = recallFilterToMongo({ categories: ['TOYS', 'COSMETICS'] } as Parameters<typeof recallFilterToMongo>[0], 'TJ');
      const merged = await client.db('recall_page_plan').command({ explain: { find: 'recalls', filter: twoCategories, sort, limit: 21 } });
      expect(merged.queryPlanner.winningPlan.inputStage).toMatchObject({ stage: 'SORT_MERGE', inputStages: [{ stage: 'IXSCAN', indexName: 'category_announcedAt_id' }, { stage: 'IXSCAN', indexName: 'category_announcedAt_id' }] });
      expect(merged.executionStats.nReturned).toBe(21);
      expect(merged.executionStats.totalKeysExamined).toBeLessThanOrEqual(23);
      const mergedPage = await recalls.find(twoCategories as Filter<AnyDoc>, { sort, limit: 21 }).toArray();
      // Interleaved: each COSMETICS recall is half a day after the TOYS recall of its index.
      expect(mergedPage.map((recall) => recall._id)).toEqual(Array.from({ length: 21 }, (_, k) => `TJ-RCL-${k % 2 === 0 ? '2021' : '2020'}-${String(29 - Math.floor(k / 2)).padStart(6, '0')}`));
      // The next page (keysetPage's cursor filter: announcedAt at most the last row's, ties broken by _id): each
      // category's range starts at the cursor.
      const last = mergedPage[20]!;
      const nextPage = { $and: [twoCategories, { announcedAt: { $lte: last.announcedAt }, $or: [{ announcedAt: { $lt: last.announcedAt } }, { _id: { $lt: last._id } }] }] };
      const nextExplained = await client.db('recall_page_plan').command({ explain: { find: 'recalls', filter: nextPage, sort, limit: 21 } });
      expect(nextExplained.queryPlanner.winningPlan.inputStage.stage).toBe('SORT_MERGE');
      expect(nextExplained.executionStats.totalKeysExamined).toBeLessThanOrEqual(25);
      const secondPage = await recalls.find(nextPage as Filter<AnyDoc>, { sort, limit: 21 }).toArray();
      const firstTwoPages = await recalls.find(twoCategories as Filter<AnyDoc>, { sort, limit: 42 }).toArray();
      expect(secondPage.map((recall) => recall._id)).toEqual(firstTwoPages.slice(21).map((recall) => recall._id));
      // The same rows as a scan sorted in memory (no index may be used: $natural), in either direction.
      for (const direction of [-1, 1] as const) {
        const both = { announcedAt: direction, _id: direction } as const;
        const viaIndex = await recalls.find(twoCategories as Filter<AnyDoc>, { sort: both, limit: 40 }).toArray();
        const all = (await recalls.find(twoCategories as Filter<AnyDoc>).toArray()).sort((a, b) => direction * (a.announcedAt.getTime() - b.announcedAt.getTime() || (a._id < b._id ? -1 : 1)));
        expect(viaIndex.map((recall) => recall._id)).toEqual(all.slice(0, 40).map((recall) => recall._id));
      }
    } finally {
      await client.close();
      await engine.close();
    }
  });
});
