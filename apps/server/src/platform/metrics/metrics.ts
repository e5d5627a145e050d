import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type LabelValues,
} from 'prom-client';

/** One sample of a gauge read at scrape time. */
export interface Sample<L extends string> {
  labels?: LabelValues<L>;
  value: number;
}

/** Reads a gauge's current samples when /metrics is scraped (a query, a counter in memory). */
export type Collect<L extends string> = () => Promise<Sample<L>[]> | Sample<L>[];

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.05, 0.25, 1, 5, 15, 60, 300, 900, 3600];

/**
 * The process's Prometheus metrics: one registry per app (tests build many apps in one
 * process; the default global registry would mix them). The instruments every request and job
 * feeds are created here; modules add their own scrape-time gauges with `gauge()`.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly jobDuration: Histogram<'type' | 'outcome'>;
  readonly collectErrors: Counter<'metric'>;
  private defaultsOn = false;

  constructor(private readonly onCollectError: (metric: string, err: unknown) => void) {
    this.httpDuration = new Histogram({
      name: 'metamorph_http_request_duration_seconds',
      help: 'Time from request received to response sent, by route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers: [this.registry],
    });
    this.jobDuration = new Histogram({
      name: 'metamorph_job_duration_seconds',
      help: 'Time a job ran in this process, by job type and outcome',
      labelNames: ['type', 'outcome'],
      buckets: JOB_BUCKETS,
      registers: [this.registry],
    });
    this.collectErrors = new Counter({
      name: 'metamorph_metrics_collect_errors_total',
      help: 'Scrape-time readings that failed (e.g. the database was unreachable)',
      labelNames: ['metric'],
      registers: [this.registry],
    });
  }

  /**
   * A gauge whose samples `collect` reads at scrape time. A failing reading leaves the gauge
   * empty for that scrape and counts in metamorph_metrics_collect_errors_total: a scrape never
   * fails because one source is down.
   */
  gauge<L extends string>(name: string, help: string, labelNames: L[], collect: Collect<L>): void {
    const errors = this.collectErrors;
    const report = this.onCollectError;
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const s of await collect()) {
            if (s.labels) this.set(s.labels, s.value);
            else this.set(s.value);
          }
        } catch (err) {
          errors.inc({ metric: name });
          report(name, err);
        }
      },
    });
  }

  /** A counter the caller increments (registered on this app's registry). */
  counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  /** The exposition text; process metrics (memory, CPU, event loop) start on the first scrape. */
  async render(): Promise<string> {
    if (!this.defaultsOn) {
      this.defaultsOn = true;
      collectDefaultMetrics({ register: this.registry, prefix: 'metamorph_' });
    }
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
