// How failures on the way to a target read to the user: an SSH host key (unknown: to accept by its
// fingerprint; changed: refused), SSH or forwarding-command trouble, attach errors.
import { HOST_KEY_UNKNOWN } from '../../shared/contract';
import { ForwardError } from '../forward/forwarding-command';
import { ArthasHomeError } from '../jvm/arthas-home';
import { AttachError } from '../jvm/arthas-launch';
import { HostKeyError, SshError } from '../ssh/ssh-tunnel';
import { DeckError } from './validate';

/** The DeckError for a route or attach failure, or null for any other error. */
export function routeDeckError(e: unknown): DeckError | null {
  if (e instanceof HostKeyError) return new DeckError(e.message, e.verdict === 'unknown' ? HOST_KEY_UNKNOWN : 'host-key-changed');
  if (e instanceof SshError || e instanceof ForwardError) return new DeckError(e.message, 'route');
  if (e instanceof AttachError || e instanceof ArthasHomeError) return new DeckError(e.message, 'attach');
  return null;
}
