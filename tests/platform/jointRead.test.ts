import { jointAggregate, splitByPart, type JointReadPart } from '../../platform/jointRead';
import { useMonitoredEngine } from '../helpers/monitoredEngine';

/** A joint read is one aggregate over several collections, and its documents come back split by part, untagged. */
const database = useMonitoredEngine();

test('several collections are read by one aggregate and split back by part, in order, without the tag', async () => {
  const db = database.client.db('joint_read');
  await db.collection('first').insertMany([{ _id: 'a1', kind: 'keep' } as never, { _id: 'a2', kind: 'skip' } as never]);
  await db.collection('second').insertMany([{ _id: 'b1', n: 2 } as never, { _id: 'b2', n: 1 } as never]);
  await db.collection('empty').insertOne({ _id: 'c1', kind: 'skip' } as never);
  const parts: JointReadPart[] = [
    // A `$project` of computed fields with the tag, as the relay reads, and an `$addFields`, as the gateway's store sync.
    { collection: 'first', pipeline: (tag) => [{ $match: { kind: 'keep' } }, { $project: { kind: '$kind', ...tag } }] },
    { collection: 'empty', pipeline: (tag) => [{ $match: { kind: 'keep' } }, { $addFields: tag }] },
    { collection: 'second', pipeline: (tag) => [{ $sort: { n: 1 } }, { $addFields: tag }] },
  ];

  database.commands.length = 0;
  const read = jointAggregate(parts);
  const documents = await db.collection(read.collection).aggregate(read.pipeline).toArray();
  expect(database.commands.filter((name) => name !== 'endSessions')).toEqual(['aggregate']);

  expect(splitByPart(documents, parts.length)).toEqual([[{ _id: 'a1', kind: 'keep' }], [], [{ _id: 'b2', n: 1 }, { _id: 'b1', n: 2 }]]);
});
