import type { ArthasResult, InputStatus } from '../../shared/arthas/protocol';
import { isCommandResult, isInputStatus, isStatusResult, isWelcome } from '../../shared/arthas/protocol';
import type { TrackedJob } from '../../shared/session-events';

/**
 * Follows a job's life through its results: `command` → `input_status` ALLOW_INTERRUPT → data →
 * `status` → `input_status` ALLOW_INPUT. Pure: feed results in order, read the state.
 */
export class JobTracker {
  readonly jobs = new Map<number, TrackedJob>();
  inputStatus: InputStatus = 'DISABLED';
  foregroundJobId: number | undefined;
  welcome: { version?: string; pid?: string; mainClass?: string } = {};

  /** Registers a job the client scheduled (async_exec answer), before its results arrive. */
  scheduled(jobId: number, command: string, at: number): TrackedJob {
    const job = this.jobs.get(jobId) ?? { jobId, command, state: 'scheduled' as const, startedAt: at };
    this.jobs.set(jobId, job);
    this.foregroundJobId = jobId;
    return job;
  }

  /** Applies one result; returns the job it changed, if any. */
  apply(r: ArthasResult, at: number): TrackedJob | undefined {
    if (isWelcome(r)) {
      this.welcome = {
        version: typeof r.version === 'string' ? r.version : undefined,
        pid: r.pid !== undefined ? String(r.pid) : undefined,
        mainClass: typeof r.mainClass === 'string' ? r.mainClass : undefined,
      };
      return undefined;
    }
    if (isInputStatus(r)) {
      this.inputStatus = r.inputStatus;
      if (r.inputStatus === 'ALLOW_INPUT' && this.foregroundJobId !== undefined) {
        const job = this.jobs.get(this.foregroundJobId);
        // an ALLOW_INPUT from before the job's own results (the welcome's, say) does not end it
        if (job && job.state === 'scheduled') return undefined;
        this.foregroundJobId = undefined;
        if (job && job.endedAt === undefined) {
          job.endedAt = at;
          if (job.state === 'scheduled' || job.state === 'running') job.state = 'succeeded';
          return job;
        }
      }
      return undefined;
    }
    const jobId = typeof r.jobId === 'number' ? r.jobId : undefined;
    if (jobId === undefined || jobId === 0) return undefined;
    if (isCommandResult(r)) {
      const job = this.scheduled(jobId, r.command, at);
      if (r.state === 'FAILED' || r.state === 'REFUSED') {
        job.state = 'failed';
        job.statusMessage = typeof r.message === 'string' ? r.message : undefined;
      } else job.state = 'running';
      return job;
    }
    let job = this.jobs.get(jobId);
    if (!job) {
      // results of a job we did not see start (joined late, or after a gap)
      job = { jobId, command: '', state: 'running', startedAt: at };
      this.jobs.set(jobId, job);
    }
    if (isStatusResult(r)) {
      job.statusCode = r.statusCode;
      job.statusMessage = typeof r.message === 'string' ? r.message : undefined;
      // the status that closes an interrupted job does not make it a success
      if (job.state !== 'interrupted') job.state = r.statusCode === 0 ? 'succeeded' : 'failed';
      job.endedAt ??= at;
      return job;
    }
    if (job.state === 'scheduled') {
      job.state = 'running';
      return job;
    }
    return undefined;
  }

  markInterrupted(jobId: number, at: number): TrackedJob | undefined {
    const job = this.jobs.get(jobId);
    if (!job) return undefined;
    if (job.endedAt === undefined) job.endedAt = at;
    if (job.state === 'scheduled' || job.state === 'running') job.state = 'interrupted';
    return job;
  }
}
