/**
 * Risk alerts grouped by ENTERPRISE (issue 18's group keys): an alert names several enterprises
 * (enterpriseCreditCodes), and counts once in the group of each; one naming none counts under null. Expected groups
 * recomputed here with plain loops over the region's seed documents, not through the service's code.
 */
import type { RiskAlertDocument } from '../../../services/regional/model';
import type { SeededSubgraph } from '../../helpers/regionalSubgraph';

interface Group {
  key: { enterprise: string | null; level: string | null };
  count: number;
}

function expectedCounts(alerts: readonly RiskAlertDocument[], withLevel: boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const alert of alerts) {
    const enterprises: Array<string | null> = alert.enterpriseCreditCodes.length > 0 ? alert.enterpriseCreditCodes : [null];
    for (const enterprise of enterprises) {
      const id = JSON.stringify([enterprise, withLevel ? alert.riskLevel : null]);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

export function riskAlertsByEnterpriseSuite(current: () => SeededSubgraph): void {
  async function check(groupBy: string[], filter?: Record<string, unknown>, predicate: (alert: RiskAlertDocument) => boolean = () => true): Promise<void> {
    const subgraph = current();
    const data = await subgraph.ok<{ riskAlertStatistics: Group[] }>(
      `query($groupBy: [StatisticsDimension!]!, $filter: RiskAlertFilter) { riskAlertStatistics(groupBy: $groupBy, filter: $filter) { key { enterprise level } count } }`,
      { groupBy, filter },
    );
    const withLevel = groupBy.includes('LEVEL');
    const got = new Map(data.riskAlertStatistics.map((group) => [JSON.stringify([group.key.enterprise, withLevel ? group.key.level : null]), group.count]));
    expect(got.size).toBe(data.riskAlertStatistics.length);
    const expected = expectedCounts(subgraph.seed.riskAlerts.filter(predicate), withLevel);
    expect(Object.fromEntries([...got].sort())).toEqual(Object.fromEntries([...expected].sort()));
  }

  it('the seed has alerts naming several enterprises, or this proves less', () => {
    expect(current().seed.riskAlerts.some((alert) => alert.enterpriseCreditCodes.length > 1)).toBe(true);
  });

  it('by ENTERPRISE alone: an alert counts once for each enterprise it names', () => check(['ENTERPRISE']));

  it('by ENTERPRISE × LEVEL', () => check(['ENTERPRISE', 'LEVEL']));

  it('by ENTERPRISE with a filter (levels HIGH)', () => check(['ENTERPRISE'], { levels: ['HIGH'] }, (alert) => alert.riskLevel === 'HIGH'));
}
