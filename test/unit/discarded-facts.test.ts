import { Writable } from 'node:stream';
import { createMetrics } from '../../src/http/metrics';
import { createLogger } from '../../src/logger';
import { discardedFactsReporter } from '../../src/services/discarded-facts.reporter';

describe('a discarded SNILS or birth date is logged masked and counted (issue 20)', () => {
  it('one warning without the value (SNILS masked) and one count by source, field and problem', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    const metrics = createMetrics({ defaults: false });
    const counter = metrics.counter('elg_discarded_person_facts_total', 'help', [
      'source',
      'field',
      'problem',
    ]);
    const report = discardedFactsReporter(logger, counter);

    report({ source: 'esia', field: 'snils', problem: 'checksum', masked: '***-***-*45 96' });
    report({ source: 'esia', field: 'snils', problem: 'checksum', masked: '***-***-*45 96' });
    report({ source: 'vendor_request', field: 'birthDate', problem: 'future' });

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'elg_discarded_person_facts_total{source="esia",field="snils",problem="checksum"} 2',
    );
    expect(text).toContain(
      'elg_discarded_person_facts_total{source="vendor_request",field="birthDate",problem="future"} 1',
    );
    const logged = lines.map((l) => JSON.parse(l) as { level: unknown; msg: string; discarded: unknown });
    expect(logged.map((l) => l.msg)).toEqual([
      'snils from esia discarded: checksum',
      'snils from esia discarded: checksum',
      'birthDate from vendor_request discarded: future',
    ]);
    expect(logged[0]!.discarded).toEqual({
      source: 'esia',
      field: 'snils',
      problem: 'checksum',
      masked: '***-***-*45 96',
    });
    expect(lines.join('')).not.toMatch(/112.?233/);
  });
});
