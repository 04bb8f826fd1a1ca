// The app's own methods: its facts, the files the OS asked it to open, the MCP endpoint's token,
// settings, and cancelling long work.
import { readSetting, writeSetting } from '../../recorder/settings';
import type { AreaMethods, MethodTable } from '../method-table';
import type { ServiceOptions } from '../service-context';
import type { TaskRegistry } from '../task-registry';
import { any, DeckError, obj, str, taskId } from '../validate';

export function appMethods(opts: ServiceOptions, tasks: TaskRegistry): MethodTable<AreaMethods<'app' | 'mcp' | 'settings' | 'tasks'>> {
  return {
    'app.info': {
      args: obj({}),
      run: () => ({
        version: opts.version,
        platform: process.platform,
        databasePath: opts.databasePath,
        mode: opts.mode,
        mcp: opts.mcpEndpoint?.()?.info(),
        mcpProblem: opts.mcpProblem?.(),
        passwordsEncrypted: opts.secrets?.available() ?? false,
      }),
    },
    'app.takeOpenedFiles': { args: obj({}), run: () => opts.openedFiles?.take() ?? [] },
    'mcp.newToken': {
      args: obj({}),
      run: () => {
        const endpoint = opts.mcpEndpoint?.();
        if (!endpoint) throw new DeckError('The MCP endpoint is not served over HTTP here (tick Serve MCP over HTTP, then restart the app).', 'invalid');
        return endpoint.renewToken();
      },
    },
    'settings.get': { args: obj({ key: str(100, 1) }), run: (a) => readSetting(opts.db, a.key) },
    'settings.set': {
      args: obj({ key: str(100, 1), value: any }),
      run: (a) => {
        try {
          writeSetting(opts.db, a.key, a.value);
        } catch (e) {
          // the store's own bound (SETTING_MAX_CHARS), said as the contract's refusal
          if (e instanceof RangeError) throw new DeckError('settings value is too large', 'invalid');
          throw e;
        }
      },
    },
    'tasks.cancel': { args: obj({ taskId }), run: (a) => tasks.cancel(a.taskId) },
  };
}
