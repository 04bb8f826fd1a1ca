// Arthas's own terminal beside a tab: opened, typed into, resized, told what was drawn, closed.
import type { AreaMethods, MethodTable } from '../method-table';
import type { TerminalsService } from '../terminals-service';
import { int, obj, str, tabId, termSize } from '../validate';

export function terminalsMethods(terminals: TerminalsService): MethodTable<AreaMethods<'terminals'>> {
  const terminalId = str(200, 1);
  return {
    'terminals.open': { args: obj({ tabId, cols: termSize, rows: termSize }), run: (a) => terminals.openFor(a) },
    'terminals.list': { args: obj({}), run: () => terminals.list() },
    'terminals.input': { args: obj({ terminalId, data: str(64 * 1024, 1) }), run: (a) => terminals.input(a) },
    'terminals.resize': { args: obj({ terminalId, cols: termSize, rows: termSize }), run: (a) => terminals.resize(a) },
    'terminals.drawn': { args: obj({ terminalId, chars: int }), run: (a) => terminals.drawn(a) },
    'terminals.close': { args: obj({ terminalId }), run: (a) => terminals.close(a.terminalId) },
  };
}
