// Saved targets, their command history, and the JVMs of this machine or an SSH host (listed, attached).
import { attachSteps, handleJvms } from '../jvm-routes';
import type { AreaMethods, MethodTable } from '../method-table';
import type { ServiceOptions } from '../service-context';
import type { TargetsService } from '../targets-service';
import type { TaskRegistry } from '../task-registry';
import { byId, fingerprintArg, nullable, obj, opt, posInt, route, sshHost, str, taskId } from '../validate';
import type { DeckResult } from '../../../shared/contract';

export function targetsMethods(targets: TargetsService, tasks: TaskRegistry, opts: ServiceOptions): MethodTable<AreaMethods<'targets' | 'history' | 'jvms'>> {
  const saveTargetFor = (name: string, url: string, r: Parameters<TargetsService['forUrl']>[2]) => targets.forUrl(name, url, r);
  return {
    'targets.list': { args: obj({}), run: () => targets.list() },
    'targets.save': {
      args: obj({ id: opt(posInt), name: str(200, 1), url: str(2048, 1), username: opt(nullable(str(200))), password: opt(nullable(str(1000))), route: opt(nullable(route)), sshPassword: opt(nullable(str(1000))) }),
      run: (a) => targets.save(a),
    },
    'targets.remove': { args: byId, run: (a) => targets.remove(a.id) },
    'targets.check': {
      args: obj({ id: opt(posInt), url: opt(str(2048, 1)), username: opt(nullable(str(200))), password: opt(nullable(str(1000))), route: opt(nullable(route)), acceptHostKey: opt(fingerprintArg) }),
      run: (a) => targets.check(a),
    },
    'history.list': { args: obj({ targetId: posInt }), run: (a) => targets.history(a.targetId) },
    'jvms.list': {
      args: obj({ ssh: opt(sshHost) }),
      run: async (a) => {
        const jvms = (await handleJvms('jvms.list', a, { saveTargetFor }, opts.ssh)) as DeckResult<'jvms.list'>;
        // this machine's JVMs whose Arthas is already a saved target say so: Attach is never a careless click
        if (a.ssh) return jvms;
        return jvms.map((j) => {
          const saved = j.arthas ? targets.savedAt(`http://127.0.0.1:${j.arthas.port}/api`) : null;
          return saved ? { ...j, target: saved.name } : j;
        });
      },
    },
    'jvms.attach': {
      args: obj({ pid: posInt, arthasHome: opt(str(4096, 1)), ssh: opt(sshHost), taskId: opt(taskId) }),
      run: (a) =>
        tasks.steps(a.taskId, 'attach', a.ssh ? `JVM ${a.pid} on ${a.ssh.destination}` : `JVM ${a.pid}`, attachSteps(!!a.ssh), (onStep, signal) =>
          handleJvms('jvms.attach', a, { saveTargetFor }, opts.ssh, { onStep, signal }) as Promise<DeckResult<'jvms.attach'>>,
        ),
    },
  };
}
