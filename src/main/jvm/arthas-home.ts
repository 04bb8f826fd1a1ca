// Where an Arthas home is: the one the user named, ARTHAS_HOME, or the newest that arthas-boot.jar
// left in ~/.arthas/lib/<version>/arthas. No download: when none is found, the message says what to
// fetch and where to put it.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const ARTHAS_HOME_FILES = ['arthas-core.jar', 'arthas-agent.jar'];

export function isArthasHome(dir: string): boolean {
  return ARTHAS_HOME_FILES.every((f) => existsSync(join(dir, f)));
}

const versionKey = (v: string): number[] => v.split(/[.-]/).map((x) => Number(x) || 0);
function newer(a: string, b: string): number {
  const x = versionKey(a);
  const y = versionKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  return 0;
}

export class ArthasHomeError extends Error {}

export const NO_HOME_HELP =
  'No Arthas home was found (looked at the folder you gave, ARTHAS_HOME and ~/.arthas/lib/*/arthas). ' +
  'Download arthas-bin.zip from the Arthas releases (github.com/alibaba/arthas/releases, or arthas.aliyun.com/download/latest_version), ' +
  'unzip it, and name that folder (the one holding arthas-core.jar and arthas-agent.jar) as the Arthas home: ' +
  'in the app, or with ARTHAS_HOME / --arthas-home. Running arthas-boot.jar once also fills ~/.arthas/lib.';

export function findArthasHome(given?: string, env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (given) {
    if (isArthasHome(given)) return given;
    throw new ArthasHomeError(`${given} is not an Arthas home: it needs ${ARTHAS_HOME_FILES.join(' and ')}.`);
  }
  if (env.ARTHAS_HOME && isArthasHome(env.ARTHAS_HOME)) return env.ARTHAS_HOME;
  const lib = join(home, '.arthas', 'lib');
  let versions: string[] = [];
  try {
    versions = readdirSync(lib).sort(newer);
  } catch {
    /* none */
  }
  for (const v of versions) if (isArthasHome(join(lib, v, 'arthas'))) return join(lib, v, 'arthas');
  throw new ArthasHomeError(NO_HOME_HELP);
}
