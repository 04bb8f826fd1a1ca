// How the contract's methods are served: each area (methods/*) gives a table of its methods, each
// with the check of its arguments and what runs it; the service merges the areas' tables into one
// that the compiler holds to the contract (a method without its entry, or an entry for no method,
// does not build), and every call is checked against that table before anything runs.
import type { DeckArgs, DeckMethod, DeckResult } from '../../shared/contract';
import { DeckError, type Check } from './validate';

export interface MethodEntry<M extends DeckMethod> {
  /** checks the arguments and strips them to the contract's shape (throws DeckError 'invalid') */
  args: Check;
  run(args: DeckArgs<M>): DeckResult<M> | Promise<DeckResult<M>>;
}

/** The entries of the methods `M`: exactly those, each typed by its own arguments and result. */
export type MethodTable<M extends DeckMethod> = { [K in M]: MethodEntry<K> };

/** The contract's methods whose names start with `area.` */
export type AreaMethods<Area extends string> = Extract<DeckMethod, `${Area}.${string}`>;

/** Every method of the contract. */
export type DeckTable = MethodTable<DeckMethod>;

/** The method named, with its arguments checked; an unknown name is refused before anything runs. */
export function checkedCall(table: DeckTable, method: unknown, args: unknown): { method: DeckMethod; args: unknown; run: (args: never) => unknown } {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(table, method)) throw new DeckError(`Unknown method: ${String(method).slice(0, 80)}`, 'invalid');
  const entry = table[method as DeckMethod] as MethodEntry<DeckMethod>;
  return { method: method as DeckMethod, args: entry.args(args ?? {}, method), run: entry.run as (args: never) => unknown };
}
