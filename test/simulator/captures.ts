// Results captured from a real Arthas (test/fixtures/arthas-<version>/captures.json, written by
// `npm run capture:arthas`): the simulator answers the commands whose output does not depend on
// the workload with these, so their fields are the real server's, field for field.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SimResult } from './consumer';

export const CAPTURED_VERSION = '4.3.4';
export const CAPTURES_FILE = resolve(__dirname, `../fixtures/arthas-${CAPTURED_VERSION}/captures.json`);

export interface CapturedAnswers {
  arthasVersion: string;
  capturedAt: string;
  commands: Record<string, SimResult[]>;
  api: Record<string, unknown>;
}

let cache: CapturedAnswers | undefined;

export function loadCaptures(): CapturedAnswers {
  cache ??= JSON.parse(readFileSync(CAPTURES_FILE, 'utf8')) as CapturedAnswers;
  return cache;
}

/** The data results of a captured command (no command, input_status or status), deep-copied. */
export function capturedResults(command: string): SimResult[] {
  const results = loadCaptures().commands[command];
  if (!results) throw new Error(`no capture of "${command}" in ${CAPTURES_FILE}`);
  return structuredClone(results.filter((r) => !['command', 'input_status', 'status'].includes(r.type)));
}
