import type { Document } from 'mongodb';
import { buildCreditCode, type RegionCode } from '../../kernel';
import { defaultDatabaseName } from '../../services/regional/model';
import type { GraphQLResult, Stack } from '../helpers/stack';

/** Helpers shared by the cross-region workflow tests (not a test file itself). */

/** Starting three subgraph processes and seeding three regions takes ~10 s, more on a busy machine. */
export const STACK_TIMEOUT_MS = 180_000;

const DIVISIONS: Record<RegionCode, string> = { BJ: '110105', TJ: '120116', HE: '130102' };

/**
 * A valid unified social credit code registered in `region` (division code 11…/12…/13…), with an organisation
 * code no seed generator produces, so filters by credit code see only the test's own records. `tag`: characters of
 * the credit-code alphabet only (no I, O, S, V, Z).
 */
export function testCreditCode(region: RegionCode, tag: string): string {
  const organizationCode = `WF${tag}`.padEnd(9, '0').slice(0, 9);
  return buildCreditCode({ registrationAuthority: '9', organizationType: '1', divisionCode: DIVISIONS[region], organizationCode });
}

/** The data of a successful response; fails the test with the errors otherwise. */
export function ok<T>(result: GraphQLResult<T>, what = 'request'): T {
  if ((result.errors && result.errors.length > 0) || !result.data) {
    throw new Error(`${what} failed (HTTP ${result.status}): ${JSON.stringify(result.errors ?? result, null, 2)}`);
  }
  return result.data;
}

export interface ExpectedRefusal {
  code: 'FORBIDDEN' | 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'NOT_FOUND';
  reason?: string;
  /** Each pattern must match the message: the refusal says why. */
  message: RegExp | RegExp[];
  /** The root field that must come back null (a refused mutation changes nothing and returns nothing). */
  field?: string;
}

/** Asserts a refusal: the code (and reason) in `extensions`, and a message that explains it. */
export function expectRefusal(result: GraphQLResult, expected: ExpectedRefusal): void {
  expect(result.errors).toBeDefined();
  const [error] = result.errors ?? [];
  expect(error).toBeDefined();
  expect(error!.extensions?.code).toBe(expected.code);
  if (expected.reason) expect(error!.extensions?.reason).toBe(expected.reason);
  for (const pattern of Array.isArray(expected.message) ? expected.message : [expected.message]) expect(error!.message).toMatch(pattern);
  if (expected.field) expect(result.data?.[expected.field] ?? null).toBeNull();
}

/** Events of one record, wherever they are now: still in the record's outbox, or moved by the relay into the event log. */
export async function eventTypesOf(stack: Stack, region: RegionCode, collection: string, recordId: string): Promise<string[]> {
  const db = stack.mongo.db(defaultDatabaseName(region));
  const record = await db.collection<Document>(collection).findOne({ _id: recordId as never }, { projection: { outbox: 1 } });
  const pending = ((record?.outbox as Array<{ eventId: string; type: string; at: Date }> | undefined) ?? []).map((event) => ({ ...event, _id: event.eventId }));
  const logged = await db.collection<Document>('eventLog').find({ recordId }).toArray();
  const byId = new Map<string, { type: string; at: Date }>();
  for (const event of [...logged, ...pending]) byId.set(String(event._id), { type: String(event.type), at: new Date(event.at as Date) });
  return [...byId.values()].sort((a, b) => a.at.getTime() - b.at.getTime()).map((event) => event.type);
}
