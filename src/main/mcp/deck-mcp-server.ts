// The deck as an MCP server: every target, every recording, search and diff for an AI assistant.
// It is one more client of the contract (DeckService.call), like the renderer: commands run
// through the deck's own engine in a tab of their own, so they are recorded like any session, and
// each tool call and its answer is written into that recording as the assistant's.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { DeckArgs, DeckEvent, DeckMethod, DeckResult, LiveResult, TabInfo, TargetInfo } from '../../shared/contract';
import { jvmChangeOf } from '../../shared/arthas/mutating-commands';
import { frameName, parseCollapsed } from '../../shared/profile/collapsed-stacks';
import { hotMethods } from '../../shared/profile/hot-methods';
import { formatCount, profileUnit } from '../../shared/profile/profile-units';
import { refusedAsBusy, runAgainWhileBusy } from '../arthas/busy-retry';

/** What the MCP server needs of the deck: the contract, and its event stream. */
export interface DeckBackend {
  call<M extends DeckMethod>(method: M, args: DeckArgs<M>): Promise<DeckResult<M>>;
  onEvent(listener: (e: DeckEvent) => void): () => void;
}

/** The setting that lets the assistant run commands that change the JVM (off unless the user turns it on). */
export const ALLOW_JVM_CHANGES = 'mcp.allowJvmChanges';

const MAX_TEXT = 200_000;
const MAX_RESULT = 20_000;
const ENHANCING = /^\s*(watch|trace|stack|tt|monitor)\b/i;

type Answer = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };
const json = (v: unknown): Answer => {
  const text = JSON.stringify(v, null, 1);
  return { content: [{ type: 'text', text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n… (cut at ${MAX_TEXT} characters; page with get_results)` : text }] };
};
const refuse = (message: string): Answer => ({ content: [{ type: 'text', text: message }], isError: true });

/** A result as the assistant gets it: its JSON, cut when very large (the whole stays in the recording). */
function shown(r: LiveResult): unknown {
  const raw = r.raw ?? r.truncated?.preview ?? '';
  let value: unknown = raw;
  if (raw.length <= MAX_RESULT) {
    try {
      value = JSON.parse(raw);
    } catch {
      /* kept as text */
    }
  } else value = `${raw.slice(0, MAX_RESULT)}… (${raw.length} characters; the full result is recording position ${r.pos})`;
  return { pos: r.pos, type: r.type, jobId: r.jobId, receivedAt: r.receivedAt, result: value };
}

/** The assistant's own tab per target (one Arthas session, recorded), kept across MCP sessions. */
export type AssistantTabs = Map<number, TabInfo>;

export function createDeckMcpServer(deck: DeckBackend, version: string, tabs: AssistantTabs = new Map()): McpServer {
  const server = new McpServer({ name: 'arthas-deck', version }, { instructions: 'Arthas Deck: troubleshoot Java services through Alibaba Arthas on every target the user saved, and search, read and compare what was recorded. Every command you run is recorded as yours.' });

  async function target(ref: string): Promise<TargetInfo> {
    const all = await deck.call('targets.list', {});
    const t = all.find((x) => String(x.id) === ref.trim()) ?? all.find((x) => x.name === ref.trim());
    if (!t) throw new Error(`No target "${ref}". Known: ${all.map((x) => `${x.id} ${x.name}`).join(', ') || 'none'}.`);
    return t;
  }

  async function tabFor(t: TargetInfo): Promise<TabInfo> {
    const open = (await deck.call('tabs.list', {})).find((x) => x.tabId === tabs.get(t.id)?.tabId && ['ready', 'running'].includes(x.snapshot.state));
    if (open) return open;
    const tab = await deck.call('tabs.open', { targetId: t.id });
    tabs.set(t.id, tab);
    return tab;
  }

  const note = (tabId: string, message: string, data: Record<string, unknown>): Promise<void> => deck.call('tabs.note', { tabId, message: message.slice(0, 10_000), data });

  server.registerTool(
    'list_targets',
    { title: 'List targets and groups', description: 'The Arthas targets the user saved, with the state of any session open on them, and the groups of targets (a command can run on a whole group).', inputSchema: {} },
    async () => {
      const [targets, open, groups] = await Promise.all([deck.call('targets.list', {}), deck.call('tabs.list', {}), deck.call('groups.list', {})]);
      const stateOf = (id: number): Array<{ state: string; arthas?: string; pid?: string; recordingId: number }> =>
        open.filter((o) => o.targetId === id).map((o) => ({ state: o.snapshot.state, arthas: o.snapshot.version, pid: o.snapshot.pid, recordingId: o.recordingId }));
      return json({
        targets: targets.map((t) => ({ id: t.id, name: t.name, url: t.url, route: t.route?.kind ?? 'direct', sessions: stateOf(t.id) })),
        groups: groups.map((g) => ({ id: g.id, name: g.name, members: g.members.map((m) => ({ targetId: m.targetId, name: m.name, sessions: stateOf(m.targetId) })) })),
      });
    },
  );

  server.registerTool(
    'run_command',
    {
      title: 'Run an Arthas command',
      description:
        'Runs an Arthas command on a target, or on every member of a group at once (id or name), through the deck, recorded like any session, and returns the results (per member for a group). watch/trace/stack/tt/monitor get -n from maxResults when the command has none, and are interrupted after timeoutSeconds. Commands that change the JVM (stop, redefine, retransform, mc, ognl assignments, vmtool forceGc, reset, …) are refused unless the user allowed them.',
      inputSchema: {
        target: z.string().min(1).max(200).optional(),
        group: z.string().min(1).max(200).optional(),
        command: z.string().min(1).max(4000),
        timeoutSeconds: z.number().int().min(1).max(300).optional(),
        maxResults: z.number().int().min(1).max(500).optional(),
      },
    },
    async ({ target: ref, group: groupRef, command, timeoutSeconds, maxResults }) => {
      if ((ref === undefined) === (groupRef === undefined)) return refuse('Name either a target or a group.');
      const change = jvmChangeOf(command);
      if (change && (await deck.call('settings.get', { key: ALLOW_JVM_CHANGES })) !== true) {
        return refuse(`Refused: "${command.split(/\s+/)[0]}" changes the JVM (${change}). The user can allow such commands in Arthas Deck: Live → "Let the assistant change the JVM" (setting ${ALLOW_JVM_CHANGES}). Nothing was run.`);
      }
      if (ref !== undefined) {
        const answer = await runOn(await target(ref), command, timeoutSeconds, maxResults);
        return 'error' in answer ? refuse(`The command did not run: ${answer.error}`) : json(answer);
      }
      const groups = await deck.call('groups.list', {});
      const g = groups.find((x) => String(x.id) === groupRef!.trim()) ?? groups.find((x) => x.name === groupRef!.trim());
      if (!g) return refuse(`No group "${groupRef}". Known: ${groups.map((x) => `${x.id} ${x.name}`).join(', ') || 'none'}.`);
      if (!g.members.length) return refuse(`The group "${g.name}" has no members.`);
      const all = await deck.call('targets.list', {});
      // every member at once; one that is down answers with its error and holds nobody back
      const answers = await Promise.all(g.members.map((m) => runOn(all.find((t) => t.id === m.targetId)!, command, timeoutSeconds, maxResults).catch((e: Error) => ({ target: m.name, error: e.message }))));
      return json({ group: g.name, members: answers });
    },
  );

  /**
   * Runs one command on one target in the assistant's tab for it, recorded, bounded by -n and a time
   * limit; again on Arthas's transient "someone else is enhancing classes", as a user would.
   */
  function runOn(t: TargetInfo, command: string, timeoutSeconds?: number, maxResults?: number): Promise<Record<string, unknown>> {
    return runAgainWhileBusy(() => runOnce(t, command, timeoutSeconds, maxResults), (a) => refusedAsBusy(a as { state?: string; statusMessage?: string }));
  }

  async function runOnce(t: TargetInfo, command: string, timeoutSeconds?: number, maxResults?: number): Promise<Record<string, unknown>> {
    const limit = maxResults ?? 50;
    const line = ENHANCING.test(command) && !/(^|\s)-n\s+\d+/.test(command) ? `${command} -n ${limit}` : command;
    const tab = await tabFor(t);
    await note(tab.tabId, `assistant: run_command ${line}`, { tool: 'run_command', target: t.name, command: line });
    const jobRef: { id?: number; off?: () => void } = {};
    const ended = new Promise<void>((resolve) => {
      const off = deck.onEvent((e) => {
        if (e.type === 'tab.job' && e.tabId === tab.tabId && e.job.jobId === jobRef.id && e.job.endedAt) {
          off();
          resolve();
        }
      });
      jobRef.off = off;
    });
    let jobId: number;
    try {
      jobId = (await deck.call('tabs.run', { tabId: tab.tabId, command: line })).jobId;
    } catch (e) {
      jobRef.off?.();
      await note(tab.tabId, `assistant: run_command failed: ${(e as Error).message}`, { tool: 'run_command', error: (e as Error).message });
      return { target: t.name, error: (e as Error).message };
    }
    jobRef.id = jobId;
    const timedOut = await Promise.race([ended.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), (timeoutSeconds ?? 30) * 1000))]);
    if (timedOut) {
      await deck.call('tabs.interrupt', { tabId: tab.tabId }).catch(() => undefined);
      await Promise.race([ended, new Promise((r) => setTimeout(r, 5000))]);
    }
    jobRef.off?.();
    const job = (await deck.call('tabs.list', {})).find((x) => x.tabId === tab.tabId)?.jobs.find((j) => j.jobId === jobId);
    const { results, page } = await deck.call('recordings.page', { id: tab.recordingId, jobId, limit });
    const answer = { target: t.name, recordingId: tab.recordingId, jobId, state: job?.state ?? 'running', statusMessage: job?.statusMessage, interruptedAfterSeconds: timedOut ? (timeoutSeconds ?? 30) : undefined, results: results.map(shown), more: page.hasAfter };
    await note(tab.tabId, `assistant: answer to run_command: ${answer.state}, ${results.length} result(s)`, { tool: 'run_command', jobId, state: answer.state, results: results.length });
    return answer;
  }

  server.registerTool(
    'profile_target',
    {
      title: 'Profile a target',
      description:
        "Profiles a target's JVM with Arthas's profiler (async-profiler) for some seconds and answers its hottest methods (self and total, with shares). The profile is recorded in the assistant's session like any call (profiler start, the deck's profiler dumpCollapsed, profiler stop); the user sees it as a flame graph. event: itimer (default; works in containers), cpu, wall, alloc, lock.",
      inputSchema: {
        target: z.string().min(1).max(200),
        seconds: z.number().int().min(1).max(120).optional(),
        event: z.enum(['itimer', 'cpu', 'wall', 'alloc', 'lock']).optional(),
        top: z.number().int().min(1).max(100).optional(),
      },
    },
    async ({ target: ref, seconds, event, top }) => {
      if ((await deck.call('settings.get', { key: ALLOW_JVM_CHANGES })) !== true) {
        return refuse(`Refused: profiling starts a profiler in the JVM. The user can allow such commands in Arthas Deck: Live → "Let the assistant change the JVM" (setting ${ALLOW_JVM_CHANGES}). Nothing was run.`);
      }
      const t = await target(ref);
      const ev = event ?? 'itimer';
      const started = await runOn(t, `profiler start --event ${ev}`, 30);
      if ('error' in started || started.state !== 'succeeded') return refuse(`Profiling did not start: ${String(started.error ?? started.statusMessage ?? started.state)}`);
      const tab = await tabFor(t);
      await new Promise((r) => setTimeout(r, (seconds ?? 10) * 1000));
      const before = (await deck.call('recordings.stats', { id: tab.recordingId })).lastPos;
      // the deck takes the profile before the stop goes out (ProfileTaker)
      const stopped = await runOn(t, 'profiler stop', 60);
      if ('error' in stopped) return refuse(`Profiling did not stop: ${String(stopped.error)}`);
      const { results } = await deck.call('recordings.page', { id: tab.recordingId, after: before, types: ['profiler'], limit: 50 });
      const dump = results.map((r) => ({ r, v: r.raw ? (JSON.parse(r.raw) as { action?: string; actionArg?: string; executeResult?: string }) : null })).find((x) => x.v?.action === 'dumpCollapsed');
      if (!dump?.v) return refuse(`No profile came back from ${t.name} (see recording #${tab.recordingId}).`);
      const profile = parseCollapsed(dump.v.executeResult ?? '');
      const unit = profileUnit(ev, dump.v.actionArg);
      const share = (n: number): string => `${((n / (profile.total || 1)) * 100).toFixed(1)} %`;
      return json({
        target: t.name,
        recordingId: tab.recordingId,
        pos: dump.r.pos,
        event: ev,
        unit,
        total: formatCount(profile.total, unit),
        stacks: profile.counts.length,
        hottest: hotMethods(profile)
          .slice(0, top ?? 15)
          .map((m) => ({ method: frameName(m.frame), self: formatCount(m.self, unit), selfShare: share(m.self), total: formatCount(m.total, unit), totalShare: share(m.total) })),
      });
    },
  );

  server.registerTool(
    'get_results',
    {
      title: 'Get results',
      description: 'Results of a recording (a running or finished job), paged by position: after the last position you saw.',
      inputSchema: { recordingId: z.number().int().positive(), jobId: z.number().int().min(0).optional(), after: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(500).optional() },
    },
    async ({ recordingId, jobId, after, limit }) => {
      const { results, page } = await deck.call('recordings.page', { id: recordingId, jobId, after: after ?? 0, limit: limit ?? 100 });
      return json({ recordingId, results: results.map(shown), more: page.hasAfter, next: results.at(-1)?.pos });
    },
  );

  server.registerTool(
    'search_recordings',
    {
      title: 'Search recordings',
      description:
        'Finds results by the text inside them (an exception message, a class, a value: words as a phrase, the last one may be a prefix), newest first, across every recording, and recordings by name, tag, target or command.',
      inputSchema: {
        text: z.string().min(1).max(500),
        recordingId: z.number().int().positive().optional(),
        type: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(100).optional(),
      },
    },
    async ({ text, recordingId, type, limit }) => {
      const [byMeta, byResult] = await Promise.all([
        deck.call('recordings.list', { text, limit: 50 }),
        deck.call('search.results', { text, recordingId, types: type ? [type] : undefined, limit: limit ?? 20 }),
      ]);
      return json({
        recordings: byMeta.map((r) => ({ id: r.id, name: r.name ?? r.targetName, startedAt: r.startedAt, results: r.resultCount, commands: r.commands.slice(0, 10) })),
        results: byResult.hits.map((h) => ({ recordingId: h.recordingId, pos: h.pos, type: h.type, jobId: h.jobId, target: h.targetName, receivedAt: h.receivedAt, match: h.snippet.text })),
        moreResults: byResult.more,
        commands: byResult.commands,
      });
    },
  );

  server.registerTool(
    'list_recordings',
    { title: 'List recordings', description: 'The recordings in the library, newest first.', inputSchema: { limit: z.number().int().min(1).max(500).optional() } },
    async ({ limit }) => json((await deck.call('recordings.list', { limit: limit ?? 50 })).map((r) => ({ id: r.id, name: r.name ?? r.targetName, target: r.targetName, state: r.state, startedAt: r.startedAt, endedAt: r.endedAt, results: r.resultCount, commands: r.commands.slice(0, 10) }))),
  );

  server.registerTool(
    'read_recording',
    { title: 'Read a recording', description: "A recording's summary, its jobs and its events (gaps, possible losses, bookmarks, the assistant's calls).", inputSchema: { id: z.number().int().positive() } },
    async ({ id }) => {
      try {
        const [summary, jobs, events] = await Promise.all([deck.call('recordings.get', { id }), deck.call('recordings.jobs', { id }), deck.call('recordings.events', { id })]);
        return json({ summary, jobs, events: events.slice(-500) });
      } catch (e) {
        return refuse((e as Error).message);
      }
    },
  );

  server.registerTool(
    'compare_watch_runs',
    {
      title: 'Compare watch runs',
      description: 'The deck\'s watch diff: two watch jobs (each a recording id and job id) aligned by parameters (or order), with changed return values and exceptions, call counts, exception rates and cost percentiles.',
      inputSchema: { left: z.object({ recordingId: z.number().int().positive(), jobId: z.number().int().positive() }), right: z.object({ recordingId: z.number().int().positive(), jobId: z.number().int().positive() }), alignBy: z.enum(['params', 'order']).optional() },
    },
    async ({ left, right, alignBy }) => {
      const d = await deck.call('diff.watch', { left, right, options: { align: alignBy ?? 'params', onlyChanged: true, limit: 100 } });
      return json({ summary: d.summary, changedPairs: d.pairs.slice(0, 50) });
    },
  );

  server.registerResource(
    'recording',
    new ResourceTemplate('arthas-deck://recordings/{id}', {
      list: async () => ({ resources: (await deck.call('recordings.list', { limit: 100 })).map((r) => ({ uri: `arthas-deck://recordings/${r.id}`, name: `#${r.id} ${r.name ?? r.targetName}`, mimeType: 'application/json' })) }),
    }),
    { title: 'A recording', description: 'A recording: summary, jobs and events.', mimeType: 'application/json' },
    async (uri, { id }) => {
      const n = Number(id);
      const [summary, jobs, events] = await Promise.all([deck.call('recordings.get', { id: n }), deck.call('recordings.jobs', { id: n }), deck.call('recordings.events', { id: n })]);
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ summary, jobs, events: events.slice(-500) }) }] };
    },
  );

  return server;
}
