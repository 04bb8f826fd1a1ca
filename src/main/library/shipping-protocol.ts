// Messages between a recorder and its shipping thread (shipping-thread.ts ↔ shipping-worker.ts).
import type { ShipperOptions } from './library-shipper';

export interface ShippingStart {
  /** the recorder's SQLite file, opened read-only there */
  dbFile: string;
  recordingId: number;
  /** the library's URL without its password (PGPASSWORD or ~/.pgpass there, as here) */
  url: string;
  options: ShipperOptions;
}

export type ShippingRequest = { op: 'start'; start: ShippingStart } | { op: 'stop'; waitMs: number };

/** What the thread reports: the shipper's counters, its lag as p99s rather than every sample. */
export interface ShippingReport {
  libraryId: number | null;
  results: number;
  events: number;
  failures: number;
  lastError: string | null;
  pending: number;
  /** p99 of the last 2000 results' lag, ms */
  recentLagP99Ms: number | null;
  /** p99 of every result's lag, ms */
  lagP99Ms: number | null;
}

export type ShippingReply = { op: 'ready' } | { op: 'report'; report: ShippingReport } | { op: 'stopped'; ok: boolean; report: ShippingReport } | { op: 'failed'; message: string };
