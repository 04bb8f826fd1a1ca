// Renders simulated Java values the two ways Arthas sends them:
// 3.x: JSON (exceptions as {"@type", message, stackTrace[]}); 4.x: text drawn like Arthas's ObjectView.

export type JavaValue =
  | null
  | { kind: 'int'; value: number }
  | { kind: 'long'; value: bigint }
  | { kind: 'string'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'list'; items: JavaValue[] }
  | { kind: 'array'; elementType: string; items: JavaValue[] }
  | { kind: 'map'; entries: Array<[JavaValue, JavaValue]> }
  | { kind: 'object'; className: string; identity: string; fields: Array<[string, JavaValue]> }
  | { kind: 'exception'; className: string; message: string; frames: Array<{ className: string; methodName: string; fileName?: string; lineNumber: number }> };

export const int = (value: number): JavaValue => ({ kind: 'int', value });
export const str = (value: string): JavaValue => ({ kind: 'string', value });
export const list = (items: JavaValue[]): JavaValue => ({ kind: 'list', items });
export const array = (elementType: string, items: JavaValue[]): JavaValue => ({ kind: 'array', elementType, items });

/** 3.x JSON encoding. Longs beyond 2^53 must stay exact, so the caller serialises with toJsonText. */
export function toJson(v: JavaValue): unknown {
  if (v === null) return null;
  switch (v.kind) {
    case 'int':
    case 'string':
    case 'bool':
      return v.value;
    case 'long':
      return { $long: v.value.toString() };
    case 'list':
    case 'array':
      return v.items.map(toJson);
    case 'map':
      return Object.fromEntries(v.entries.map(([k, val]) => [String(toJson(k)), toJson(val)]));
    case 'object':
      return Object.fromEntries(v.fields.map(([k, val]) => [k, toJson(val)]));
    case 'exception':
      return {
        '@type': v.className,
        message: v.message,
        localizedMessage: v.message,
        stackTrace: v.frames.map((f) => ({ className: f.className, classLoaderName: 'app', methodName: f.methodName, nativeMethod: false, lineNumber: f.lineNumber, fileName: f.fileName })),
      };
  }
}

/** JSON.stringify that writes {$long:"…"} placeholders as bare exact integers. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value).replace(/\{"\$long":"(-?\d+)"\}/g, '$1');
}

const simpleName: Record<string, string> = { int: 'Integer', string: 'String', bool: 'Boolean', long: 'Long' };

/** 4.x object-view text, expanded `expand` levels deep (Arthas's -x, default 1). */
export function toObjectView(v: JavaValue, expand = 1, indent = 0): string {
  const pad = '    '.repeat(indent);
  const inner = '    '.repeat(indent + 1);
  if (v === null) return 'null';
  switch (v.kind) {
    case 'int':
    case 'bool':
      return `@${simpleName[v.kind]}[${String(v.value)}]`;
    case 'long':
      return `@Long[${v.value.toString()}]`;
    case 'string':
      return `@String[${v.value}]`;
    case 'list':
    case 'array': {
      const name = v.kind === 'list' ? '@ArrayList' : `@${v.elementType}[]`;
      if (expand <= 0) return `${name}[isEmpty=${v.items.length === 0};size=${v.items.length}]`;
      if (v.items.length === 0) return `${name}[]`;
      return `${name}[\n${v.items.map((i) => `${inner}${toObjectView(i, expand - 1, indent + 1)},`).join('\n')}\n${pad}]`;
    }
    case 'map': {
      if (expand <= 0) return `@HashMap[isEmpty=${v.entries.length === 0};size=${v.entries.length}]`;
      return `@HashMap[\n${v.entries.map(([k, val]) => `${inner}${toObjectView(k, expand - 1, indent + 1)}:${toObjectView(val, expand - 1, indent + 1)},`).join('\n')}\n${pad}]`;
    }
    case 'object': {
      const simple = `@${v.className.slice(v.className.lastIndexOf('.') + 1)}`;
      if (expand <= 0 || !v.fields.length) return `${simple}[${v.className}@${v.identity}]`;
      return `${simple}[\n${v.fields.map(([k, val]) => `${inner}${k}=${toObjectView(val, expand - 1, indent + 1)},`).join('\n')}\n${pad}]`;
    }
    case 'exception':
      // as Java's printStackTrace: one line per frame, each ending with a newline
      return `${v.className}: ${v.message}\n${v.frames.map((f) => `\tat ${f.className}.${f.methodName}(${f.fileName ? `${f.fileName}:${f.lineNumber}` : 'Unknown Source'})\n`).join('')}`;
  }
}
