/**
 * Federation `_entities` over HTTP against the seeded Tianjin subgraph: references resolve to the seeded
 * records, in order, and are batched through DataLoader — counted with the driver's command monitoring on
 * the service's own MongoClient: one `find` per entity type per request, whatever the number of references.
 */
import type { CommandStartedEvent } from 'mongodb';
import { iso, type SeededSubgraph } from '../../helpers/regionalSubgraph';

let subgraph: SeededSubgraph;

const ENTITIES_QUERY = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on ProductRecall { id recallNumber quantityToRecall announcedAt }
    ... on RiskAlert { id title riskLevel }
    ... on ContractTemplate { id code version }
    ... on ConsumerComplaint { id subject amountInDispute }
    ... on Enterprise { creditCode name }
  }
}`;

type Representation = { __typename: string; id?: string; creditCode?: string };

/** Runs one `_entities` request and returns its entities and the database commands it started. */
async function resolveEntities(representations: Representation[]): Promise<{ entities: Array<Record<string, unknown> | null>; commands: CommandStartedEvent[] }> {
  subgraph.commands.length = 0;
  const data = await subgraph.ok<{ _entities: Array<Record<string, unknown> | null> }>(ENTITIES_QUERY, { representations });
  const commands = [...subgraph.commands];
  return { entities: data._entities, commands };
}

const findsOn = (commands: CommandStartedEvent[]) => commands.filter((c) => c.commandName === 'find').map((c) => c.command.find as string);
const commandNames = (commands: CommandStartedEvent[]) => commands.map((c) => c.commandName);

/** `count` records spread over the whole list (every k-th). */
function spread<T>(items: readonly T[], count: number, offset = 0): T[] {
  const step = Math.floor(items.length / count);
  return Array.from({ length: count }, (_, i) => items[(offset + i * step) % items.length]!);
}

function recallRefs(count: number, offset = 0): Representation[] {
  return spread(subgraph.seed.recalls, count, offset).map((d) => ({ __typename: 'ProductRecall', id: d._id }));
}

/** `perType` references of each of the five entity types, interleaved. */
function mixedRefs(perType: number): Representation[] {
  const { recalls, riskAlerts, contractTemplates, complaints, enterprises } = subgraph.seed;
  const columns: Representation[][] = [
    spread(recalls, perType, 3).map((d) => ({ __typename: 'ProductRecall', id: d._id })),
    spread(riskAlerts, perType, 1).map((d) => ({ __typename: 'RiskAlert', id: d._id })),
    spread(contractTemplates, perType, 2).map((d) => ({ __typename: 'ContractTemplate', id: d._id })),
    spread(complaints, perType, 5).map((d) => ({ __typename: 'ConsumerComplaint', id: d._id })),
    spread(enterprises, perType, 4).map((d) => ({ __typename: 'Enterprise', creditCode: d._id })),
  ];
  return Array.from({ length: perType }, (_, i) => columns.map((column) => column[i]!)).flat();
}

/** The entity each representation should resolve to, computed from the seed documents. */
function expectedEntity(reference: Representation): Record<string, unknown> | null {
  const { recalls, riskAlerts, contractTemplates, complaints, enterprises } = subgraph.seed;
  switch (reference.__typename) {
    case 'ProductRecall': {
      const d = recalls.find((r) => r._id === reference.id);
      return d ? { __typename: 'ProductRecall', id: d._id, recallNumber: d.recallNumber, quantityToRecall: d.quantityToRecall, announcedAt: iso(d.announcedAt) } : null;
    }
    case 'RiskAlert': {
      const d = riskAlerts.find((r) => r._id === reference.id);
      return d ? { __typename: 'RiskAlert', id: d._id, title: d.title, riskLevel: d.riskLevel } : null;
    }
    case 'ContractTemplate': {
      const d = contractTemplates.find((r) => r._id === reference.id);
      return d ? { __typename: 'ContractTemplate', id: d._id, code: d.code, version: d.version } : null;
    }
    case 'ConsumerComplaint': {
      const d = complaints.find((r) => r._id === reference.id);
      return d ? { __typename: 'ConsumerComplaint', id: d._id, subject: d.subject, amountInDispute: d.amountInDisputeFen / 100 } : null;
    }
    case 'Enterprise': {
      const d = enterprises.find((r) => r._id === reference.creditCode);
      return d ? { __typename: 'Enterprise', creditCode: d._id, name: d.name } : null;
    }
    default:
      return null;
  }
}

/** Registers these tests against the running subgraph that `current` returns (started by the test file). */
export function entityBatchingSuite(current: () => SeededSubgraph): void {
  beforeAll(() => {
    subgraph = current();
  });

  describe('_entities batching', () => {
    it('resolves 50 recall references in order with exactly one find on recalls', async () => {
      const references = recallRefs(50);
      expect(new Set(references.map((r) => r.id)).size).toBe(50);
      const { entities, commands } = await resolveEntities(references);
      expect(entities).toEqual(references.map(expectedEntity));
      expect(entities.every((entity) => entity !== null)).toBe(true);
      expect(commandNames(commands)).toEqual(['find']);
      expect(findsOn(commands)).toEqual(['recalls']);
      const filter = commands[0]!.command.filter as { _id: { $in: string[] } };
      expect([...filter._id.$in].sort()).toEqual(references.map((r) => r.id).sort());
    });

    it('costs the same number of commands for 1, 10, 50 and 100 recall references', async () => {
      const counts: Record<number, string[]> = {};
      for (const n of [1, 10, 50, 100]) {
        const references = recallRefs(n, 1);
        const { entities, commands } = await resolveEntities(references);
        expect(entities).toEqual(references.map(expectedEntity));
        counts[n] = commandNames(commands);
      }
      expect(counts).toEqual({ 1: ['find'], 10: ['find'], 50: ['find'], 100: ['find'] });
    });

    it('resolves 50 mixed references (10 of each of the five entity types) with exactly one find per type', async () => {
      const references = mixedRefs(10);
      expect(references).toHaveLength(50);
      const { entities, commands } = await resolveEntities(references);
      expect(entities).toEqual(references.map(expectedEntity));
      expect(entities.every((entity) => entity !== null)).toBe(true);
      expect(commandNames(commands)).toEqual(['find', 'find', 'find', 'find', 'find']);
      expect(findsOn(commands).sort()).toEqual(['complaints', 'contractTemplates', 'enterprises', 'recalls', 'riskAlerts']);
      for (const command of commands) {
        const ids = (command.command.filter as { _id: { $in: string[] } })._id.$in;
        expect(ids).toHaveLength(10);
      }
    });

    it('costs the same commands for 10 mixed references (2 of each type) as for 50', async () => {
      const ten = await resolveEntities(mixedRefs(2));
      expect(ten.entities).toEqual(mixedRefs(2).map(expectedEntity));
      const fifty = await resolveEntities(mixedRefs(10));
      expect(findsOn(ten.commands).sort()).toEqual(findsOn(fifty.commands).sort());
      expect(ten.commands).toHaveLength(5);
      expect(fifty.commands).toHaveLength(5);
    });

    it('answers null for unknown, foreign and malformed references without extra queries', async () => {
      const known = recallRefs(5, 2);
      const references: Representation[] = [
        ...known,
        { __typename: 'ProductRecall', id: 'TJ-RCL-2019-999999' },
        { __typename: 'ProductRecall', id: 'BJ-RCL-2022-000001' },
        { __typename: 'ProductRecall', id: 'not-an-id' },
        { __typename: 'Enterprise', creditCode: subgraph.seed.enterprises[0]!._id.toLowerCase() },
        { __typename: 'Enterprise', creditCode: '91120000MA0000000X' },
      ];
      const { entities, commands } = await resolveEntities(references);
      expect(entities.slice(0, 5)).toEqual(known.map(expectedEntity));
      expect(entities.slice(5, 8)).toEqual([null, null, null]);
      expect(entities[8]).toEqual({ __typename: 'Enterprise', creditCode: subgraph.seed.enterprises[0]!._id, name: subgraph.seed.enterprises[0]!.name });
      expect(entities[9]).toBeNull();
      expect(findsOn(commands).sort()).toEqual(['enterprises', 'recalls']);
    });

    it('batches per request: each request queries the database afresh', async () => {
      const references = recallRefs(20, 4);
      const first = await resolveEntities(references);
      const second = await resolveEntities(references);
      expect(findsOn(first.commands)).toEqual(['recalls']);
      expect(findsOn(second.commands)).toEqual(['recalls']);
      expect(second.entities).toEqual(first.entities);
    });
  });
}
