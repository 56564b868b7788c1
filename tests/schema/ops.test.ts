/**
 * ops/: the Prometheus alert rules and the Grafana dashboard only use metrics the processes really export (a
 * renamed metric would silently break an alert), each alert says in Chinese what is wrong, and the scrape config
 * targets the metrics ports the system starts with.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GatewayMetrics } from '../../gateway/metrics';
import { REPO_ROOT } from '../../platform/childProcess';
import { DEFAULT_METRICS_PORTS } from '../../platform/config';
import type { OutboxRelay } from '../../services/regional/events/outboxRelay';
import { RegionalMetrics } from '../../services/regional/metrics';

const OPS = join(REPO_ROOT, 'ops');

/** Every series name the gateway and a regional service export (histograms with their _bucket/_sum/_count). */
async function exportedNames(): Promise<Set<string>> {
  const gateway = new GatewayMetrics(() => ({ connections: 0, subscribers: 0, groups: 0, catchUpLogReads: {} }), () => ({ BJ: 1 }));
  const regional = new RegionalMetrics('BJ', { pendingCount: async () => 0, lastSeq: 0 } as unknown as OutboxRelay);
  const names = new Set<string>(['up']);
  for (const registry of [gateway.registry, regional.registry]) {
    for (const metric of await registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${metric.name}${suffix}`);
    }
  }
  return names;
}

function metricsIn(expression: string): string[] {
  return [...expression.matchAll(/\b((?:jjj|process|nodejs)_[a-z0-9_]+|up)\b(?=\s*[{[)\s]|$)/g)].map((match) => match[1]!);
}

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: { severity?: string };
  annotations?: { summary?: string; description?: string };
}

test('every alert rule uses exported metrics, has a severity and a Chinese summary and description', async () => {
  const names = await exportedNames();
  const rules = (parseYaml(readFileSync(join(OPS, 'prometheus', 'alerts.yml'), 'utf8')) as { groups: Array<{ rules: AlertRule[] }> }).groups.flatMap((group) => group.rules);
  expect(rules.map((rule) => rule.alert)).toEqual(expect.arrayContaining(['RegionUnavailable', 'EventLagGrowing', 'HighErrorRate', 'OutboxBacklog']));
  for (const rule of rules) {
    const used = metricsIn(rule.expr);
    expect({ alert: rule.alert, used: used.length > 0 }).toEqual({ alert: rule.alert, used: true });
    expect({ alert: rule.alert, unknown: used.filter((name) => !names.has(name)) }).toEqual({ alert: rule.alert, unknown: [] });
    expect(['critical', 'warning']).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary).toMatch(/[\u4e00-\u9fff]/);
    expect(rule.annotations?.description).toMatch(/[\u4e00-\u9fff]/);
  }
});

test('every dashboard panel queries exported metrics, and the dashboard shows time in Asia/Shanghai', async () => {
  const names = await exportedNames();
  const dashboard = JSON.parse(readFileSync(join(OPS, 'grafana', 'jjj-hub.json'), 'utf8')) as { timezone: string; panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
  expect(dashboard.timezone).toBe('Asia/Shanghai');
  expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
  for (const panel of dashboard.panels) {
    for (const target of panel.targets) {
      const used = metricsIn(target.expr);
      expect(used.length).toBeGreaterThan(0);
      expect({ panel: panel.title, unknown: used.filter((name) => !names.has(name)) }).toEqual({ panel: panel.title, unknown: [] });
    }
  }
});

test('the scrape config targets the metrics ports the system starts with', () => {
  const config = parseYaml(readFileSync(join(OPS, 'prometheus', 'prometheus.yml'), 'utf8')) as { scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }> };
  const ports = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((group) => group.targets.map((target) => Number(target.split(':')[1]))));
  expect(ports.sort()).toEqual(Object.values(DEFAULT_METRICS_PORTS).sort());
});
