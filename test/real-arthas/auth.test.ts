// Basic auth on a real Arthas started with a user name and password, loopback included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArthasClient } from '../../src/main/arthas/client';
import { waitFor } from '../support/wait';
import { startRig } from './support/recording-rig';
import { realArthasUnavailable, startRealTarget, type RealTarget } from './support/real-jvm';
import { skipOrFail } from '../support/real-tier';

const why = realArthasUnavailable();
if (why) console.warn(`real-Arthas tests skipped: ${why}`);

describe.skipIf(skipOrFail(why))('Basic auth against a real Arthas (--username/--password, localConnectionNonAuth=false)', () => {
  let target: RealTarget;
  beforeAll(async () => {
    target = await startRealTarget({ kind: 'math-game' }, { username: 'ops', password: 's3cret-Pa55', localConnectionNonAuth: false });
  }, 90_000);
  afterAll(async () => target?.close());

  it('refuses no credentials and a wrong password with HTTP 401, saying so', async () => {
    for (const creds of [{}, { username: 'ops', password: 'wrong' }]) {
      const c = new ArthasClient({ url: target.arthas.url, ...creds });
      await expect(c.initSession()).rejects.toMatchObject({ kind: 'auth', message: expect.stringMatching(/refused the credentials \(HTTP 401/) });
      c.close();
    }
  });

  it('accepts the right credentials, records, and keeps the password out of the recording', async () => {
    const rig = await startRig({ url: target.arthas.url, username: 'ops', password: 's3cret-Pa55' });
    await rig.engine.run('version');
    await waitFor(() => rig.stored().some((r) => r.type === 'version'), 'the version result', 15_000);
    expect(rig.stored().find((r) => r.type === 'version')!.version).toBe(target.arthas.version);
    const dump = JSON.stringify(rig.db.prepare('SELECT * FROM sessions').all()) + JSON.stringify(rig.db.prepare('SELECT * FROM events').all());
    expect(dump).not.toContain('s3cret-Pa55');
    await rig.close();
  });
});
