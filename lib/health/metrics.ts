import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Db } from '@/db';
import { checkHealth } from './status';

/**
 * Prometheus metrics (prom-client): the process's own (memory, event loop, GC) and the health
 * figures as gauges, read fresh at each scrape. Counts only, never personal data.
 */
const holder = globalThis as unknown as { derbesMetrics?: ReturnType<typeof createRegistry> };

function createRegistry() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'derbes_' });
  const gauge = (name: string, help: string) => new Gauge({ name: `derbes_${name}`, help, registers: [registry] });
  return {
    registry,
    pending: gauge('outbox_pending', 'E-mails waiting to be sent'),
    oldest: gauge('outbox_oldest_pending_seconds', 'Age of the oldest e-mail waiting (0 when none)'),
    failed: gauge('outbox_failed', 'E-mails that gave up after every attempt'),
    webhooksPending: gauge('webhooks_pending', 'Webhook deliveries waiting to be sent or retried'),
    webhooksOldest: gauge(
      'webhooks_oldest_pending_seconds',
      'Age of the oldest webhook delivery waiting (0 when none)',
    ),
    webhooksFailed: gauge('webhooks_failed', 'Webhook deliveries that gave up after every attempt'),
    retention: gauge('retention_last_run_timestamp_seconds', 'When the retention run last succeeded (0 if never)'),
    auditSeal: gauge('audit_seal_last_run_timestamp_seconds', 'When the audit seal job last succeeded (0 if never)'),
    calendar: gauge('calendar_days_left', 'Days until the working-day calendar runs out of holiday data'),
  };
}

export async function renderMetrics(db: Db): Promise<{ contentType: string; body: string }> {
  const m = (holder.derbesMetrics ??= createRegistry());
  const health = await checkHealth(db);
  m.pending.set(health.outbox.pending);
  m.oldest.set(health.outbox.oldestPendingSeconds ?? 0);
  m.failed.set(health.outbox.failed);
  m.webhooksPending.set(health.webhooks.pending);
  m.webhooksOldest.set(health.webhooks.oldestPendingSeconds ?? 0);
  m.webhooksFailed.set(health.webhooks.failed);
  m.retention.set(health.retention.lastRunAt ? Date.parse(health.retention.lastRunAt) / 1000 : 0);
  m.auditSeal.set(health.auditSeal.lastRunAt ? Date.parse(health.auditSeal.lastRunAt) / 1000 : 0);
  m.calendar.set(health.calendar.daysLeft ?? 0);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
