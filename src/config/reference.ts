import { configEntries } from './load-config';
import type { Entry } from './schema';

/** The configuration reference as a Markdown table: what the README carries between its markers. */
export function renderConfigReference(): string {
  const rows = Object.values(configEntries).map((e: Entry<unknown>) => {
    const def = e.defaultText === undefined ? '' : `\`${e.defaultText}\``;
    return `| \`${e.env}\` | ${def} | ${e.description} |`;
  });
  return ['| variable | default | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}
