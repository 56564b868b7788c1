/**
 * One seeded Tianjin subgraph over HTTP (in-process server on a loopback port, real driver, embedded engine)
 * for three suites that share it, so the set stays fast on a busy 2-core machine:
 * - group-by statistics against counts and sums computed from the seed arrays (suites/statistics.ts), and risk
 *   alerts by enterprise, one count per enterprise an alert names (suites/riskAlertsByEnterprise.ts);
 * - `_entities` batching, counted with the driver's command monitoring (suites/entityBatching.ts);
 * - input validation errors and refused callers (suites/inputErrors.ts), last: its mutations must write nothing.
 * (Lists, filters, ordering and pagination: subgraphLists.test.ts.)
 */
import { startSeededSubgraph, type SeededSubgraph } from '../helpers/regionalSubgraph';
import { entityBatchingSuite } from './suites/entityBatching';
import { inputErrorsSuite } from './suites/inputErrors';
import { riskAlertsByEnterpriseSuite } from './suites/riskAlertsByEnterprise';
import { statisticsSuite } from './suites/statistics';

jest.setTimeout(60_000);

let subgraph: SeededSubgraph | undefined;

beforeAll(async () => {
  subgraph = await startSeededSubgraph('TJ');
});

afterAll(async () => {
  await subgraph?.stop();
});

const current = (): SeededSubgraph => {
  if (!subgraph) throw new Error('the subgraph did not start');
  return subgraph;
};

describe('statistics', () => statisticsSuite(current));
describe('risk alerts by enterprise', () => riskAlertsByEnterpriseSuite(current));
describe('_entities', () => entityBatchingSuite(current));
describe('validation and identity', () => inputErrorsSuite(current));
