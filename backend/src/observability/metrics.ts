import type { Knex } from 'knex';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { registerCallMetrics } from '#domains/calls/metrics';
import { registerSlaMetrics } from '#domains/sla/metrics';

/** Prometheus metrics of one app instance (a registry per app so tests can build several). */
export type Metrics = {
  registry: Registry;
  operationDuration: Histogram<'operation' | 'status'>;
  operationErrors: Counter<'operation' | 'code'>;
};

/**
 * Creates the registry with default process metrics and the per-operation latency histogram; with the owner knex,
 * also the figures read from the database at scrape time (SLA breaches, calls).
 */
export function createMetrics(withDefaults = true, ownerKnex?: Knex): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry });
  const operationDuration = new Histogram({
    name: 'pivotal_operation_duration_seconds',
    help: 'Latency of API operations by operation ID and HTTP status',
    labelNames: ['operation', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const operationErrors = new Counter({
    name: 'pivotal_operation_errors_total',
    help: 'Operation errors by operation ID and error code',
    labelNames: ['operation', 'code'] as const,
    registers: [registry],
  });
  if (ownerKnex) {
    registerSlaMetrics(registry, ownerKnex);
    registerCallMetrics(registry, ownerKnex);
  }
  return { registry, operationDuration, operationErrors };
}
