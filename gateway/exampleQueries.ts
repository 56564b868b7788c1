/** Example operations shown in GraphiQL and the README: cross-region lists, references, statistics, a subscription. */
export const EXAMPLE_QUERIES: Array<{ title: string; query: string; variables?: Record<string, unknown> }> = [
  {
    title: 'E-bike recalls in all three regions, newest first',
    query: `query EBikeRecalls($after: String) {
  recalls(filter: { categories: [ELECTRIC_BICYCLE] }, first: 10, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id region recallNumber productName brand announcedAt quantityToRecall
        riskAlerts { id region title riskLevel }
      }
    }
  }
}`,
  },
  {
    title: 'Recall statistics by region and month',
    query: `query RecallsByRegionAndMonth {
  recallStatistics(groupBy: [REGION, MONTH], filter: { announcedFrom: "2025-01-01T00:00:00Z" }) {
    key { region month }
    count
    sum
  }
}`,
  },
  {
    title: 'An enterprise and its records across regions',
    query: `query EnterpriseRecords($creditCode: String!) {
  enterprise(creditCode: $creditCode) {
    creditCode name registrationRegion
    recalls { id region productName }
    riskAlerts { id region title }
    complaints { id receivingRegion status }
  }
}`,
    variables: { creditCode: '91120118MA069FRK8R' },
  },
  {
    title: 'Overdue complaints handled by Tianjin',
    query: `query OverdueComplaints {
  complaints(filter: { handlingRegions: [TIANJIN], overdue: true }, first: 20) {
    totalCount
    edges { node { id receivingRegion handlingRegion status acceptDeadline consumer { name phone masked } businessEnterprise { name } } }
  }
}`,
  },
];
