import path from 'node:path';

/** Where a captured run keeps its files: one log file and one secrets file per jest worker process. */
export const captureFiles = (dir: string, pid = process.pid) => ({
  logs: path.join(dir, `logs-${pid}.jsonl`),
  secrets: path.join(dir, `secrets-${pid}.txt`),
});

/** The default capture folder of `npm test` when LOG_CAPTURE_DIR is not set. */
export const DEFAULT_CAPTURE_DIR = path.resolve(__dirname, '..', '..', '..', 'test-results', 'log-capture');
