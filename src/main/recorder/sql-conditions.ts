// The one builder of SQL WHERE conditions with their arguments: a selection of results (jobs, a
// time range), a search's filters, a page's job and types, the library's filters all say what
// they want through it, and only it writes `?` lists and LIKE escapes.

/** A LIKE pattern for text anywhere in a column (used with ESCAPE '\'). */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class SqlConditions {
  private readonly conds: string[] = [];
  readonly args: unknown[] = [];

  /** a condition as written, with its arguments */
  raw(sql: string, ...args: unknown[]): this {
    this.conds.push(sql);
    this.args.push(...args);
    return this;
  }

  /** column = value, when the value is given */
  eq(column: string, value: unknown): this {
    return value === undefined ? this : this.raw(`${column} = ?`, value);
  }

  /** column >= value, when given */
  atLeast(column: string, value: number | undefined): this {
    return value === undefined ? this : this.raw(`${column} >= ?`, value);
  }

  /** column <= value, when given */
  atMost(column: string, value: number | undefined): this {
    return value === undefined ? this : this.raw(`${column} <= ?`, value);
  }

  /** column IN (values), when there are any */
  in(column: string, values: readonly unknown[] | undefined): this {
    return values?.length ? this.raw(`${column} IN (${values.map(() => '?').join(',')})`, ...values) : this;
  }

  /** the text anywhere in any of the columns, when given */
  containsAny(columns: readonly string[], text: string | undefined): this {
    if (!text) return this;
    const like = containing(text);
    return this.raw(`(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`, ...columns.map(() => like));
  }

  get empty(): boolean {
    return this.conds.length === 0;
  }

  /** `WHERE a AND b`, or '' */
  where(): string {
    return this.conds.length ? `WHERE ${this.conds.join(' AND ')}` : '';
  }

  /** ` AND a AND b` to follow a condition already written, or '' */
  and(): string {
    return this.conds.map((c) => ` AND ${c}`).join('');
  }
}
