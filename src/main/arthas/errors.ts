import type { ApiState } from '../../shared/arthas/protocol';

/**
 * Why a call to Arthas failed. The renderer shows `message`; `kind` decides recovery.
 * - api: Arthas answered FAILED/REFUSED (serverMessage is the server's own words)
 * - auth: HTTP 401
 * - not-arthas: something answered, but not the Arthas HTTP API (seen says what)
 * - refused / timeout / unreachable: the network
 * - bad-url: the URL itself cannot be used
 * - too-large: the answer passed the client's size limit
 */
export type ArthasErrorKind = 'api' | 'auth' | 'not-arthas' | 'refused' | 'timeout' | 'unreachable' | 'bad-url' | 'too-large';

export class ArthasError extends Error {
  readonly kind: ArthasErrorKind;
  readonly state?: ApiState;
  readonly serverMessage?: string;
  readonly seen?: string;
  /** an answer came but could not be read (cut short, not JSON): the results in it are lost */
  readonly broken: boolean;

  constructor(kind: ArthasErrorKind, message: string, extra: { state?: ApiState; serverMessage?: string; seen?: string; broken?: boolean } = {}) {
    super(message);
    this.name = 'ArthasError';
    this.kind = kind;
    this.state = extra.state;
    this.serverMessage = extra.serverMessage;
    this.seen = extra.seen;
    this.broken = extra.broken ?? false;
  }

  /** the server no longer knows the consumer (evicted after idling, or the session was rebuilt) */
  get isConsumerNotFound(): boolean {
    return this.kind === 'api' && /^consumer not found/.test(this.serverMessage ?? '');
  }
  get isSessionNotFound(): boolean {
    return this.kind === 'api' && /^session not found/.test(this.serverMessage ?? '');
  }
  get isJobBusy(): boolean {
    return this.kind === 'api' && this.state === 'REFUSED' && /Another (job is running|command is executing)/.test(this.serverMessage ?? '');
  }
  /** worth retrying: the network, not the server's verdict */
  get isTransient(): boolean {
    return this.kind === 'refused' || this.kind === 'timeout' || this.kind === 'unreachable';
  }
}
