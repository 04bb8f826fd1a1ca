// Targets: saved Arthas addresses, their credentials (Arthas and SSH passwords kept by the OS
// keychain, or in memory only without one; never in plain text), how each is reached (directly,
// SSH, a forwarding command), connection checks, and the command history per target.
import type { DeckArgs, DeckResult, TargetInfo, TargetRoute } from '../../shared/contract';
import { ArthasClient } from '../arthas/client';
import type { ArthasError } from '../arthas/errors';
import { displayUrl, parseTargetUrl } from '../arthas/target-url';
import { openRoute, type OpenedRoute, type RouteOptions } from '../routes/target-route';
import { routeDeckError } from './route-errors';
import type { ServiceContext } from './service-context';
import { SecretStore } from './secret-store';
import { DeckError } from './validate';

interface TargetRow {
  id: number;
  name: string;
  url: string;
  username: string | null;
  password_enc: Buffer | null;
  ssh_password_enc: Buffer | null;
  route: string | null;
}

type Secret = 'arthas' | 'ssh';
const COLUMN: Record<Secret, 'password_enc' | 'ssh_password_enc'> = { arthas: 'password_enc', ssh: 'ssh_password_enc' };
const COLUMNS = 'id, name, url, username, password_enc, ssh_password_enc, route';

export class TargetsService {
  private readonly secrets: SecretStore;

  constructor(private readonly ctx: ServiceContext) {
    this.secrets = new SecretStore(ctx);
  }

  rows(): TargetRow[] {
    return this.ctx.db.prepare(`SELECT ${COLUMNS} FROM targets ORDER BY name, id`).all() as TargetRow[];
  }

  row(id: number): TargetRow {
    const row = this.ctx.db.prepare(`SELECT ${COLUMNS} FROM targets WHERE id = ?`).get(id) as TargetRow | undefined;
    if (!row) throw new DeckError(`No target #${id}.`, 'not-found');
    return row;
  }

  list(): TargetInfo[] {
    return this.rows().map((r) => this.info(r));
  }

  info(r: TargetRow): TargetInfo {
    return {
      id: r.id,
      name: r.name,
      url: r.url,
      username: r.username,
      hasPassword: r.password_enc !== null || this.secrets.inMemory(`arthas:${r.id}`),
      hasSshPassword: r.ssh_password_enc !== null || this.secrets.inMemory(`ssh:${r.id}`),
      route: r.route ? (JSON.parse(r.route) as TargetRoute) : null,
    };
  }

  secret(r: TargetRow, which: Secret): string | undefined {
    return this.secrets.open(`${which}:${r.id}`, r[COLUMN[which]], `The saved ${which === 'ssh' ? 'SSH ' : ''}password of "${r.name}"`, "the target's settings");
  }

  private storeSecret(id: number, which: Secret, value: string | null): void {
    this.ctx.db.prepare(`UPDATE targets SET ${COLUMN[which]} = ? WHERE id = ?`).run(this.secrets.seal(`${which}:${id}`, value), id);
  }

  save(input: DeckArgs<'targets.save'>): TargetInfo {
    const parsed = parseTargetUrl(input.url); // refuses file:, javascript: …
    const url = displayUrl(parsed.apiUrl);
    const username = input.username?.trim() || parsed.username || null;
    const now = Date.now();
    let id = input.id;
    if (id !== undefined) {
      this.row(id);
      this.ctx.db.prepare('UPDATE targets SET name = ?, url = ?, username = ?, updated_at = ? WHERE id = ?').run(input.name.trim(), url, username, now, id);
    } else {
      id = Number(this.ctx.db.prepare('INSERT INTO targets (name, url, username, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(input.name.trim(), url, username, now, now).lastInsertRowid);
    }
    if (input.route !== undefined) this.ctx.db.prepare('UPDATE targets SET route = ? WHERE id = ?').run(input.route ? JSON.stringify(input.route) : null, id);
    const password = input.password !== undefined ? input.password : parsed.password;
    if (password !== undefined) this.storeSecret(id, 'arthas', password);
    if (input.sshPassword !== undefined) this.storeSecret(id, 'ssh', input.sshPassword);
    return this.info(this.row(id));
  }

  remove(id: number): void {
    this.ctx.db.prepare('DELETE FROM targets WHERE id = ?').run(this.row(id).id);
  }

  /** The saved target reached directly at this URL, if any (an attached JVM's Arthas already in the list). */
  savedAt(url: string): TargetInfo | null {
    const shown = displayUrl(parseTargetUrl(url).apiUrl);
    const row = this.rows().find((r) => r.url === shown && r.route === null);
    return row ? this.info(row) : null;
  }

  /** The saved target with this URL and route, or a new one (an attached JVM). */
  forUrl(name: string, url: string, route: TargetRoute | null = null): TargetInfo {
    const shown = displayUrl(parseTargetUrl(url).apiUrl);
    const existing = this.rows().find((r) => r.url === shown && (r.route ?? null) === (route ? JSON.stringify(route) : null));
    return existing ? this.info(existing) : this.save({ name, url, route });
  }

  /** Opens the way to the target's Arthas port (an SSH tunnel, a forwarding command, or nothing); errors as the user should read them. */
  async openRoute(route: TargetRoute | null, url: string, opts: { acceptHostKey?: string; sshPassword?: string; onEvent?: RouteOptions['onEvent']; onStep?: RouteOptions['onStep'] } = {}): Promise<OpenedRoute> {
    try {
      return await openRoute(route, url, { ...opts, knownHostsFile: this.ctx.opts.ssh?.knownHostsFile, sshConfigFile: this.ctx.opts.ssh?.configFile });
    } catch (e) {
      throw routeDeckError(e) ?? e;
    }
  }

  async check(a: DeckArgs<'targets.check'>): Promise<DeckResult<'targets.check'>> {
    let url = a.url;
    let username = a.username ?? undefined;
    let password = a.password ?? undefined;
    let sshPassword: string | undefined;
    let route = a.route;
    if (a.id !== undefined) {
      const t = this.row(a.id);
      url ??= t.url;
      username ??= t.username ?? undefined;
      password ??= this.secret(t, 'arthas');
      sshPassword = this.secret(t, 'ssh');
      route = route !== undefined ? route : this.info(t).route;
    }
    if (!url) throw new DeckError('A URL or a target id is needed.', 'invalid');
    let client: ArthasClient | undefined;
    let opened: OpenedRoute | undefined;
    try {
      opened = await this.openRoute(route ?? null, url, { acceptHostKey: a.acceptHostKey, sshPassword });
      client = new ArthasClient({ url: opened.url, username, password, requestTimeoutMs: 5000 });
      const answer = await client.exec('version', { execTimeout: 5000 });
      const v = answer.results.find((r) => r.result.type === 'version')?.result.version;
      return { ok: true, message: `Arthas ${typeof v === 'string' ? v : ''} answers at ${displayUrl(client.apiUrl)}`.replace('  ', ' '), version: typeof v === 'string' ? v : undefined };
    } catch (e) {
      const err = e as ArthasError & { kind?: string };
      return { ok: false, kind: err.kind ?? 'failed', message: err.message };
    } finally {
      client?.close();
      opened?.close();
    }
  }

  remember(targetId: number, command: string): void {
    this.ctx.db.prepare('INSERT INTO command_history (target_id, command, at) VALUES (?, ?, ?)').run(targetId, command, Date.now());
  }

  history(targetId: number): string[] {
    return (this.ctx.db.prepare('SELECT command FROM command_history WHERE target_id = ? GROUP BY command ORDER BY MAX(id) DESC LIMIT 200').all(targetId) as Array<{ command: string }>).map((r) => r.command).reverse();
  }
}
