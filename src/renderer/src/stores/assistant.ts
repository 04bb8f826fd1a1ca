import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { McpEndpoint } from '../../../shared/contract';
import { deck } from '../api';

/** The AI assistant's access (the deck's MCP server): what it may do, and where it is served. */
export const useAssistant = defineStore('assistant', () => {
  /** commands that change the JVM (stop, redefine, …) are refused unless this is on */
  const allowJvmChanges = ref(false);
  /** serve MCP over HTTP on 127.0.0.1 (the desktop app reads it at start) */
  const http = ref(false);
  const endpoint = ref<McpEndpoint | null>(null);
  /** the token was just renewed: the assistant needs the new one */
  const renewed = ref(false);
  const mode = ref<'electron' | 'serve'>('electron');
  /** the endpoint was turned on but could not start: why */
  const problem = ref<string | null>(null);
  /** the platform the app runs on (Windows: stdio MCP is not offered) */
  const platform = ref('');

  async function load(): Promise<void> {
    const [a, h, info] = await Promise.all([deck.call('settings.get', { key: 'mcp.allowJvmChanges' }), deck.call('settings.get', { key: 'mcp.http' }), deck.call('app.info', {})]);
    allowJvmChanges.value = a === true;
    http.value = h === true;
    endpoint.value = info.mcp ?? null;
    mode.value = info.mode;
    problem.value = info.mcpProblem ?? null;
    platform.value = info.platform;
  }
  async function setAllowJvmChanges(on: boolean): Promise<void> {
    allowJvmChanges.value = on;
    await deck.call('settings.set', { key: 'mcp.allowJvmChanges', value: on });
  }
  async function setHttp(on: boolean): Promise<void> {
    http.value = on;
    await deck.call('settings.set', { key: 'mcp.http', value: on });
  }
  async function newToken(): Promise<void> {
    endpoint.value = await deck.call('mcp.newToken', {});
    renewed.value = true;
  }
  return { allowJvmChanges, http, endpoint, renewed, mode, problem, platform, load, setAllowJvmChanges, setHttp, newToken };
});
