import { describe, expect, it } from 'vitest';
import { JobTracker } from '../../src/main/arthas/job-tracker';

describe('job tracker', () => {
  it('follows a job from command to status and input status', () => {
    const t = new JobTracker();
    t.scheduled(3, 'watch a b', 1);
    expect(t.apply({ type: 'command', jobId: 3, state: 'SCHEDULED', command: 'watch a b' }, 2)).toMatchObject({ state: 'running' });
    t.apply({ type: 'input_status', jobId: 0, inputStatus: 'ALLOW_INTERRUPT' }, 3);
    expect(t.inputStatus).toBe('ALLOW_INTERRUPT');
    expect(t.apply({ type: 'status', jobId: 3, statusCode: 0 }, 4)).toMatchObject({ state: 'succeeded', statusCode: 0, endedAt: 4 });
    t.apply({ type: 'input_status', jobId: 0, inputStatus: 'ALLOW_INPUT' }, 5);
    expect(t.foregroundJobId).toBeUndefined();
  });

  it('does not end a just-scheduled job on an ALLOW_INPUT that was sent before it (the welcome)', () => {
    const t = new JobTracker();
    t.scheduled(5, 'thread', 1);
    expect(t.apply({ type: 'input_status', jobId: 0, inputStatus: 'ALLOW_INPUT' }, 2)).toBeUndefined();
    expect(t.foregroundJobId).toBe(5);
    expect(t.jobs.get(5)!.endedAt).toBeUndefined();
  });

  it('records a failing status with its message, and remembers the welcome', () => {
    const t = new JobTracker();
    t.apply({ type: 'welcome', jobId: 0, version: '3.3.7', pid: 7909, mainClass: 'demo.MathGame' }, 1);
    expect(t.welcome).toEqual({ version: '3.3.7', pid: '7909', mainClass: 'demo.MathGame' });
    t.scheduled(2, 'nope', 1);
    t.apply({ type: 'command', jobId: 2, state: 'SCHEDULED', command: 'nope' }, 2);
    expect(t.apply({ type: 'status', jobId: 2, statusCode: -1, message: 'nope: command not found' }, 3)).toMatchObject({ state: 'failed', statusMessage: 'nope: command not found' });
  });

  it('marks an interrupted job', () => {
    const t = new JobTracker();
    t.scheduled(9, 'watch', 1);
    t.apply({ type: 'command', jobId: 9, state: 'SCHEDULED', command: 'watch' }, 2);
    expect(t.markInterrupted(9, 5)).toMatchObject({ state: 'interrupted', endedAt: 5 });
    // the server then closes the job with a status: it stays interrupted
    expect(t.apply({ type: 'status', jobId: 9, statusCode: 0 }, 6)).toMatchObject({ state: 'interrupted', endedAt: 5 });
  });
});
