import { API_ABILITIES, type ApiAbility } from '../adapters/diary-api/diary-api.schemas';
import type { DiaryApiResponse } from '../adapters/diary-api/diary-api.transport';

/** The six optional abilities of the published diary API: the adapter's list (diary-api.schemas.ts). */
export const ABILITIES = API_ABILITIES;
export type Ability = ApiAbility;

/** What the kit is told about the diary's test data (flags). */
export interface KitFixtures {
  /** An existing test account, safe to receive link notices (they are undone at the end). */
  readonly userId: string;
  readonly login?: string;
  readonly password?: string;
  readonly snils?: string;
  readonly organizationId?: string;
  readonly parentId?: string;
}

/** One check's verdict, with what was sent, what was expected and what came back. */
export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly request?: string;
  readonly expected?: string;
  readonly received?: string;
  readonly elapsedMs: number;
}

/** A failed expectation inside a check: what it expected and what it got. */
export class CheckFailure extends Error {
  constructor(
    readonly expected: string,
    readonly received: string,
    /** The request the failure is about, when it is not the check's last one. */
    readonly request?: string,
  ) {
    super(`expected ${expected}; received ${received}`);
    this.name = 'CheckFailure';
  }
}

/** One line describing a request, for reports (no secrets: the signature headers are named, not shown). */
export function describeRequest(response: DiaryApiResponse | undefined, fallback: string): string {
  if (!response) return fallback;
  const body = response.sent.body ? ` ${response.sent.body}` : '';
  return `${response.sent.method} ${response.sent.url}${body}`;
}

/** The answer in one line: status and body (cut at 300 characters). */
export function describeAnswer(response: DiaryApiResponse): string {
  const text = response.text.length > 300 ? `${response.text.slice(0, 300)}…` : response.text;
  return `HTTP ${response.status} ${text}`.trim();
}
