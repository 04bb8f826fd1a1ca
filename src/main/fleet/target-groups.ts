// Groups: named sets of saved targets, kept in the database.
import type { GroupInfo } from '../../shared/fleet/fleet-types';
import type { Db } from '../recorder/db';

export class TargetGroups {
  constructor(private readonly db: Db) {}

  list(): GroupInfo[] {
    const groups = this.db.prepare('SELECT id, name FROM target_groups ORDER BY name COLLATE NOCASE').all() as Array<{ id: number; name: string }>;
    const members = this.db
      .prepare('SELECT m.group_id AS groupId, t.id AS targetId, t.name, t.url FROM target_group_members m JOIN targets t ON t.id = m.target_id ORDER BY t.name COLLATE NOCASE')
      .all() as Array<{ groupId: number; targetId: number; name: string; url: string }>;
    return groups.map((g) => ({ id: g.id, name: g.name, members: members.filter((m) => m.groupId === g.id).map(({ targetId, name, url }) => ({ targetId, name, url })) }));
  }

  get(id: number): GroupInfo | null {
    return this.list().find((g) => g.id === id) ?? null;
  }

  byName(name: string): GroupInfo | null {
    return this.list().find((g) => g.name === name) ?? null;
  }

  /** Creates or edits a group; targets that do not exist are refused. */
  save(g: { id?: number; name: string; targetIds: number[] }): GroupInfo {
    const name = g.name.trim();
    if (!name) throw new Error('A group needs a name.');
    const ids = [...new Set(g.targetIds)];
    const known = new Set((this.db.prepare(`SELECT id FROM targets WHERE id IN (${ids.map(() => '?').join(',') || 'NULL'})`).all(...ids) as Array<{ id: number }>).map((r) => r.id));
    const missing = ids.filter((i) => !known.has(i));
    if (missing.length) throw new Error(`No target #${missing.join(', #')}.`);
    const clash = this.db.prepare('SELECT id FROM target_groups WHERE name = ? AND id IS NOT ?').get(name, g.id ?? null) as { id: number } | undefined;
    if (clash) throw new Error(`A group named "${name}" exists already.`);
    const id = this.db.transaction(() => {
      let gid = g.id;
      if (gid !== undefined) {
        if (!this.db.prepare('UPDATE target_groups SET name = ? WHERE id = ?').run(name, gid).changes) throw new Error(`No group #${gid}.`);
        this.db.prepare('DELETE FROM target_group_members WHERE group_id = ?').run(gid);
      } else gid = Number(this.db.prepare('INSERT INTO target_groups (name, created_at) VALUES (?, ?)').run(name, Date.now()).lastInsertRowid);
      const add = this.db.prepare('INSERT INTO target_group_members (group_id, target_id) VALUES (?, ?)');
      for (const t of ids) add.run(gid, t);
      return gid;
    })();
    return this.get(id)!;
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM target_groups WHERE id = ?').run(id);
  }
}
