// Long work made of steps (attach, SSH connect): each step told as done/total, and Cancel ends the
// call at once with what it was about; work without a task id runs unseen.
import { describe, expect, it } from 'vitest';
import { TaskRegistry } from '../../src/main/api/task-registry';
import type { DeckEvent } from '../../src/shared/contract';

describe('task registry: steps', () => {
  it('tells each step, then done', async () => {
    const events: DeckEvent[] = [];
    const tasks = new TaskRegistry((e) => events.push(e));
    const r = await tasks.steps('attach-1', 'attach', 'JVM 42', ['finding the JVM', 'loading the agent', 'waiting for the HTTP API'], async (step) => {
      step('finding the JVM');
      step('loading the agent');
      step('waiting for the HTTP API');
      return 'attached';
    });
    expect(r).toBe('attached');
    expect(events.filter((e) => e.type === 'task.progress').map((e) => (e.type === 'task.progress' ? [e.progress.phase, e.progress.done, e.progress.total, e.progress.subject] : null))).toEqual([
      ['finding the JVM', 0, 3, 'JVM 42'],
      ['loading the agent', 1, 3, 'JVM 42'],
      ['waiting for the HTTP API', 2, 3, 'JVM 42'],
    ]);
    expect(events.at(-1)).toEqual({ type: 'task.done', taskId: 'attach-1', ok: true });
  });

  it('Cancel rejects at once and signals the work to stop', async () => {
    const events: DeckEvent[] = [];
    const tasks = new TaskRegistry((e) => events.push(e));
    let aborted = false;
    const p = tasks.steps('connect-1', 'connect', 'orders (ops@bastion)', ['connecting', 'checking the host key', 'forwarding the port'], (step, signal) => {
      step('connecting');
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise<never>(() => undefined);
    });
    tasks.cancel('connect-1');
    await expect(p).rejects.toThrow('Cancelled: orders (ops@bastion).');
    expect(aborted).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'task.done', taskId: 'connect-1', ok: false });
  });

  it('without a task id, nothing is told', async () => {
    const events: DeckEvent[] = [];
    const tasks = new TaskRegistry((e) => events.push(e));
    expect(await tasks.steps(undefined, 'attach', 'JVM 1', ['connecting'], async (step) => (step('connecting'), 7))).toBe(7);
    expect(events).toEqual([]);
  });
});
