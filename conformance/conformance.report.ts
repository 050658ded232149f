import type { ConformanceReport } from './run-conformance';

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** The readable table for a terminal: one line per check, then each failure's request, expectation and answer. */
export function tableOf(report: ConformanceReport): string {
  const width = Math.max(...report.results.map((r) => r.id.length));
  const lines = [
    `Diary API conformance: ${report.baseUrl}`,
    `Declared abilities: ${
      Object.entries(report.declared)
        .filter(([, on]) => on)
        .map(([name]) => name)
        .join(', ') || 'none'
    }`,
    '',
    ...report.results.map(
      (r) =>
        `${MARK[r.status]}  ${r.id.padEnd(width)}  ${r.title}${r.status === 'skip' ? ` (${r.received})` : ''}`,
    ),
  ];
  const failed = report.results.filter((r) => r.status === 'fail');
  for (const f of failed)
    lines.push(
      '',
      `FAIL ${f.id}`,
      `  request:  ${f.request ?? '-'}`,
      `  expected: ${f.expected}`,
      `  received: ${f.received}`,
    );
  const count = (s: 'pass' | 'fail' | 'skip') => report.results.filter((r) => r.status === s).length;
  lines.push(
    '',
    `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped: ${report.passed ? 'CONFORMS' : 'DOES NOT CONFORM'}`,
  );
  return `${lines.join('\n')}\n`;
}

const xml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** JUnit XML (the common Jenkins/GitLab/GitHub form): a test case per check, failures with their details. */
export function junitOf(report: ConformanceReport): string {
  const failures = report.results.filter((r) => r.status === 'fail').length;
  const skipped = report.results.filter((r) => r.status === 'skip').length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const total = report.results.reduce((sum, r) => sum + r.elapsedMs, 0);
  const cases = report.results.map((r) => {
    const open = `    <testcase classname="diary-api.${xml(r.id.split('.')[0]!)}" name="${xml(`${r.id}: ${r.title}`)}" time="${seconds(r.elapsedMs)}"`;
    if (r.status === 'pass') return `${open}/>`;
    if (r.status === 'skip')
      return `${open}>\n      <skipped message="${xml(r.received ?? '')}"/>\n    </testcase>`;
    const detail = `request:  ${r.request ?? '-'}\nexpected: ${r.expected}\nreceived: ${r.received}`;
    return `${open}>\n      <failure message="${xml(`expected ${r.expected}`)}" type="${xml(r.id)}">${xml(detail)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="diary API conformance" tests="${report.results.length}" failures="${failures}" skipped="${skipped}" time="${seconds(total)}">`,
    `  <testsuite name="${xml(report.baseUrl)}" tests="${report.results.length}" failures="${failures}" skipped="${skipped}" time="${seconds(total)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
