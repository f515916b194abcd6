/**
 * The monitoring files checked by the real tools: promtool (config, rules, rule unit tests), amtool
 * (Alertmanager config), and a real Prometheus parsing and evaluating every PromQL expression of
 * every dashboard panel and alert. The data check on a running system is in containers.test.ts.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { DASHBOARDS } from '../../src/manifests/dashboards.js';
import { prometheusConfig } from '../../src/manifests/render-prometheus.js';
import {
  alertRules,
  query,
  startPrometheus,
  withGrafanaVariables,
  type PrometheusServer,
} from '../support/prometheus-server.js';
import { needsTools, run } from '../support/tools.js';

const DIR = fileURLToPath(new URL('../../prometheus/', import.meta.url));
const file = (name: string) => path.join(DIR, name);

const ALERT_RULES = alertRules();

const available = needsTools('prometheus tools suite', [
  { name: 'promtool', pkg: 'prometheus' },
  { name: 'prometheus', pkg: 'prometheus' },
  { name: 'amtool', pkg: 'prometheus-alertmanager' },
]);

describe.skipIf(!available)('Prometheus and Alertmanager files, checked by promtool and amtool', () => {
  it('promtool check config accepts the generated prometheus.yml (with its rule file)', async () => {
    const result = await run('promtool', ['check', 'config', file('prometheus.yml')]);
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('promtool check rules accepts alerts.yml', async () => {
    const result = await run('promtool', ['check', 'rules', file('alerts.yml')]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`SUCCESS: ${ALERT_RULES.length} rules found`);
  });

  it('promtool test rules: every alert fires on its situation and stays quiet before it', async () => {
    const result = await run('promtool', ['test', 'rules', file('alerts.test.yml')]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it('every alert has a unit test that expects it firing and one that expects it quiet', () => {
    const tests = (
      parse(readFileSync(file('alerts.test.yml'), 'utf8')) as {
        tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
      }
    ).tests.flatMap((t) => t.alert_rule_test);
    for (const { alert } of ALERT_RULES) {
      const cases = tests.filter((t) => t.alertname === alert);
      expect(
        cases.some((c) => c.exp_alerts.length > 0),
        `${alert} fires in some test`,
      ).toBe(true);
      expect(
        cases.some((c) => c.exp_alerts.length === 0),
        `${alert} is quiet in some test`,
      ).toBe(true);
    }
  });

  it('promtool test rules fails when an alert would not fire (the test can fail)', async () => {
    const broken = readFileSync(file('alerts.yml'), 'utf8').replace(
      'max(battles_queue_depth) > 50',
      'max(battles_queue_depth) > 5000',
    );
    const alerts = path.join(DIR, `alerts.broken-${process.pid}.yml`);
    const tests = path.join(DIR, `alerts.broken-${process.pid}.test.yml`);
    const testYaml = parse(readFileSync(file('alerts.test.yml'), 'utf8')) as { rule_files: string[] };
    testYaml.rule_files = [path.basename(alerts)];
    await writeFile(alerts, broken);
    await writeFile(tests, stringify(testYaml));
    try {
      const result = await run('promtool', ['test', 'rules', tests]);
      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toContain('GarrisonBattleQueueBacklog');
    } finally {
      await run('rm', ['-f', alerts, tests]);
    }
  });

  it('amtool check-config accepts alertmanager.yml', async () => {
    const result = await run('amtool', ['check-config', file('alertmanager.yml')]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('SUCCESS');
  });

  describe('every PromQL expression parses and evaluates on a real Prometheus', () => {
    let prometheus: PrometheusServer;
    beforeAll(async () => {
      prometheus = await startPrometheus(
        prometheusConfig({
          sdUrl: 'http://127.0.0.1:9/targets',
          scrapeInterval: '5s',
          ruleFiles: [file('alerts.yml')],
        }),
      );
    });
    afterAll(async () => prometheus?.stop());

    const panels = DASHBOARDS.flatMap((d) =>
      d.panels.flatMap((p) =>
        p.exprs.map((expr) => [`${d.uid} / ${p.title}`, withGrafanaVariables(expr, 'users')] as const),
      ),
    );
    it.each(panels)('dashboard %s', async (_title, expr) => {
      const answer = await query(prometheus.url, expr);
      expect(answer.error ?? '').toBe('');
      expect(answer.status).toBe('success');
    });

    it.each(ALERT_RULES.map((r) => [r.alert, r.expr] as const))('alert %s', async (_name, expr) => {
      const answer = await query(prometheus.url, expr);
      expect(answer.error ?? '').toBe('');
      expect(answer.status).toBe('success');
    });

    it('a broken expression is reported as an error (the check can fail)', async () => {
      const answer = await query(prometheus.url, 'sum by (job (up)');
      expect(answer.status).toBe('error');
    });
  });
});
