/*
 * Prometheus's query API (`/api/v1/query`) on loopback, for the Argo Rollouts controller's
 * analysis runs in the rehearsal. The simulated pods serve no metrics, so there is nothing for
 * a real Prometheus to scrape: the stub answers each query with the value `answer` gives, as
 * an instant vector of one sample, or an empty vector when `answer` has none (as Prometheus
 * answers a query about series that do not exist). Every query is recorded.
 */
import * as http from 'http';
import * as net from 'net';

export class PrometheusStub {
  /** Serves on a free loopback port. */
  public static async start(answer: (query: string) => number | undefined): Promise<PrometheusStub> {
    const stub = new PrometheusStub(answer);
    await new Promise<void>((resolve, reject) => {
      stub.server.once('error', reject);
      stub.server.listen(0, '127.0.0.1', () => resolve());
    });
    return stub;
  }

  /** Every query asked, in order. */
  public readonly queries: string[] = [];
  private readonly server: http.Server;

  private constructor(private readonly answer: (query: string) => number | undefined) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** The address an AnalysisTemplate's `prometheus.address` takes. */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      // The Go client POSTs the query form-encoded, and falls back to GET.
      const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams;
      const query = params.get('query');
      if (url.pathname !== '/api/v1/query' || query === null) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: `the stub answers /api/v1/query only, not ${req.method} ${url.pathname}` }));
        return;
      }
      this.queries.push(query);
      const value = this.answer(query);
      const time = Number(params.get('time') ?? Date.now() / 1000);
      const result = value === undefined ? [] : [{ metric: {}, value: [time, String(value)] }];
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
    });
  }
}
