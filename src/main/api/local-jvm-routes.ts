// The contract's local-JVM part: discovery and attach (src/main/jvm/), the attached JVM saved as a
// target. DeckService routes here; it does not grow.
import type { DeckArgs, DeckResult, TargetInfo } from '../../shared/contract';
import { ArthasHomeError } from '../jvm/arthas-home';
import { AttachError, attachToJvm } from '../jvm/attach';
import { listLocalJvms } from '../jvm/local-jvms';
import { DeckError } from './validate';

export interface TargetSaver {
  /** saves (or updates, by URL) a target and returns it */
  saveTargetFor(name: string, url: string): TargetInfo;
}

export async function handleLocalJvms(method: 'jvms.list' | 'jvms.attach', args: unknown, targets: TargetSaver): Promise<unknown> {
  if (method === 'jvms.list') return listLocalJvms() satisfies Promise<DeckResult<'jvms.list'>>;
  const { pid, arthasHome } = args as DeckArgs<'jvms.attach'>;
  try {
    const r = await attachToJvm(pid, { arthasHome });
    const short = r.jvm.main.split(/[\\/]/).pop()!.replace(/\.jar$/, '');
    const target = targets.saveTargetFor(`${short} (pid ${pid})`, r.url);
    return { target, version: r.version, reused: r.reused } satisfies DeckResult<'jvms.attach'>;
  } catch (e) {
    if (e instanceof AttachError || e instanceof ArthasHomeError) throw new DeckError(e.message, 'attach');
    throw e;
  }
}
