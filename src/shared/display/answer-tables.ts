// The answers Arthas's terminal prints as tables, key-value lists and trees, laid out as its views
// (SearchMethodView, ClassUtils.renderClassInfo, ClassLoaderView, LoggerView, VMOptionView,
// PerfCounterView, MemoryView, MBeanView, OptionsView, SystemEnvView) lay them out: the terminal's
// layout is the floor. Pure: the view renders the tables; tests hold them to real 4.3.4 captures.
import { memoryAreas, memoryRow, type MemoryEntry } from './arthas-text';

/** One table of an answer. A cell may hold several lines (parameters, a class-loader chain). */
export interface AnswerTable {
  /** a heading above it (a logger's name, an MBean's object name) */
  title?: string;
  /** column names as Arthas prints them; none for a key-value table */
  head?: string[];
  rows: string[][];
  /** the first column names each row (a key-value table): shown bold, as Arthas does */
  keyed?: boolean;
}

/** An answer that is one object-view text (vmtool, getstatic): shown as watch's values are. */
export interface AnswerValue {
  label?: string;
  value: unknown;
}

export interface AnswerLayout {
  tables: AnswerTable[];
  /** a single line the terminal prints (sm without -d) */
  line?: string;
  value?: AnswerValue;
}

type Rec = Record<string, unknown>;
const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
const list = (v: unknown, sep: string): string => (Array.isArray(v) ? v.map(str).join(sep) : str(v));
const isRec = (v: unknown): v is Rec => !!v && typeof v === 'object' && !Array.isArray(v);

/** A chain drawn as Arthas's TreeElement draws one (each under the one before): +-A, then   +-B. */
export function chainText(nodes: readonly string[]): string {
  return nodes.map((n, i) => `${'  '.repeat(i)}+-${n}`).join('\n');
}

interface LoaderNode {
  name?: string;
  children?: LoaderNode[];
}
/** classloader -t: each loader under its parent, as Arthas prints it. */
export function loaderTreeText(roots: readonly LoaderNode[]): string {
  const out: string[] = [];
  const walk = (n: LoaderNode, depth: number): void => {
    out.push(`${'  '.repeat(depth)}+-${str(n.name)}`);
    for (const c of n.children ?? []) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out.join('\n');
}

/** sm: the method line (demo.MathGame primeFactors(I)Ljava/util/List;), or with -d its key-value table. */
function methodLayout(d: Rec): AnswerLayout | null {
  const m = d.methodInfo;
  if (!isRec(m)) return null;
  if (!d.detail) return { tables: [], line: `${str(m.declaringClass)} ${str(m.methodName)}${str(m.descriptor)}` };
  const rows: string[][] = m.constructor
    ? [
        ['declaring-class', str(m.declaringClass)],
        ['constructor-name', '<init>'],
        ['modifier', str(m.modifier)],
        ['annotation', list(m.annotations, ',')],
        ['parameters', list(m.parameters, '\n')],
        ['exceptions', list(m.exceptions, '\n')],
        ['classLoaderHash', str(m.classLoaderHash)],
      ]
    : [
        ['declaring-class', str(m.declaringClass)],
        ['method-name', str(m.methodName)],
        ['modifier', str(m.modifier)],
        ['annotation', list(m.annotations, ',')],
        ['parameters', list(m.parameters, '\n')],
        ['return', str(m.returnType)],
        ['exceptions', list(m.exceptions, '\n')],
        ['classLoaderHash', str(m.classLoaderHash)],
      ];
  return { tables: [{ rows, keyed: true }] };
}

/** sc -d: the class-info table, its super classes and class loaders as chains; fields with -f. */
function classLayout(c: Rec): AnswerTable[] {
  const rows: string[][] = [
    ['class-info', str(c.classInfo)],
    ['code-source', str(c.codeSource)],
    ['name', str(c.name)],
    ['isInterface', str(c.interface)],
    ['isAnnotation', str(c.annotation)],
    ['isEnum', str(c.enum)],
    ['isAnonymousClass', str(c.anonymousClass)],
    ['isArray', str(c.array)],
    ['isLocalClass', str(c.localClass)],
    ['isMemberClass', str(c.memberClass)],
    ['isPrimitive', str(c.primitive)],
    ['isSynthetic', str(c.synthetic)],
    ['simple-name', str(c.simpleName)],
    ['modifier', str(c.modifier)],
    ['annotation', list(c.annotations, ',')],
    ['interfaces', list(c.interfaces, ',')],
    ['super-class', chainText(Array.isArray(c.superClass) ? c.superClass.map(str) : [])],
    ['class-loader', chainText(Array.isArray(c.classloader) ? c.classloader.map(str) : [])],
    ['classLoaderHash', str(c.classLoaderHash)],
  ];
  if (Array.isArray(c.fields)) {
    const fields = (c.fields as Rec[]).map((f) => [`name ${str(f.name)}`, `type ${str(f.type)}`, `modifier ${str(f.modifier)}`, ...(Array.isArray(f.annotations) && f.annotations.length ? [`annotation ${list(f.annotations, ',')}`] : []), ...(f.static ? [`value ${isRec(f.value) && 'object' in f.value ? str(f.value.object) : str(f.value)}`] : [])].join('\n'));
    rows.push(['fields', fields.join('\n\n')]);
  }
  return [{ rows, keyed: true }];
}

function classLoaderLayout(d: Rec): AnswerLayout | null {
  if (isRec(d.classLoaderStats)) {
    const rows = Object.entries(d.classLoaderStats as Record<string, Rec>).map(([name, s]) => [name, str(s.numberOfInstance), str(s.loadedCount)]);
    return { tables: [{ head: ['name', 'numberOfInstances', 'loadedCountTotal'], rows }] };
  }
  if (Array.isArray(d.classLoaders)) {
    const loaders = d.classLoaders as Array<Rec & LoaderNode>;
    // -t sends each loader with its children; -l (and the default list) a flat list with parents
    if (loaders.some((l) => Array.isArray(l.children))) return { tables: [], line: loaderTreeText(loaders) };
    return { tables: [{ head: ['name', 'loadedCount', 'hash', 'parent'], rows: loaders.map((l) => [str(l.name), str(l.loadedCount), str(l.hash), str(l.parent)]) }] };
  }
  if (Array.isArray(d.urls)) return { tables: [{ rows: (d.urls as unknown[]).map((u) => [str(u)]) }] };
  return null;
}

/** logger: per logger its key-value table, each appender's under it. */
function loggerLayout(d: Rec): AnswerLayout | null {
  if (!isRec(d.loggerInfoMap)) return null;
  const tables: AnswerTable[] = [];
  for (const [name, info] of Object.entries(d.loggerInfoMap as Record<string, Rec>)) {
    const rows: string[][] = [
      ['name', str(info.name ?? name)],
      ['class', str(info.class)],
      ['classLoader', str(info.classLoader)],
      ['classLoaderHash', str(info.classLoaderHash)],
      ['level', str(info.level)],
    ];
    if (info.effectiveLevel !== undefined) rows.push(['effectiveLevel', str(info.effectiveLevel)]);
    if (info.config !== undefined) rows.push(['config', str(info.config)]);
    rows.push(['additivity', str(info.additivity)], ['codeSource', str(info.codeSource)]);
    const appenders = Array.isArray(info.appenders) ? (info.appenders as Rec[]) : [];
    if (appenders.length) {
      const text = appenders.map((a) => ['name', 'class', 'classLoader', 'classLoaderHash', 'file', 'target', 'blocking', 'appenderRef'].filter((k) => a[k] !== undefined).map((k) => `${k} ${list(a[k], ',')}`).join('\n'));
      rows.push(['appenders', text.join('\n\n')]);
    }
    tables.push({ title: name, rows, keyed: true });
  }
  return { tables };
}

function mbeanLayout(d: Rec): AnswerLayout | null {
  if (Array.isArray(d.mbeanNames)) return { tables: [{ rows: (d.mbeanNames as unknown[]).map((n) => [str(n)]) }] };
  if (isRec(d.mbeanAttribute)) {
    const tables = Object.entries(d.mbeanAttribute as Record<string, Rec[]>).map(([objectName, attrs]) => ({
      title: objectName,
      head: ['NAME', 'VALUE'],
      // arrays print as Java lists print themselves: [1, 2, 3]
      rows: (attrs ?? []).map((a) => [str(a.name), a.error !== undefined ? str(a.error) : Array.isArray(a.value) ? `[${a.value.map(str).join(', ')}]` : str(a.value)]),
    }));
    return { tables };
  }
  return null;
}

/** The layout of an answer of one of these types, or null (another view shows it). */
export function answerLayout(type: string, d: Rec): AnswerLayout | null {
  switch (type) {
    case 'sm':
      return methodLayout(d);
    case 'sc':
      // sc: the matching classes a line each; sc -d: each class's table
      if (Array.isArray(d.classNames)) return { tables: [{ rows: (d.classNames as unknown[]).map((c) => [str(c)]) }] };
      return isRec(d.classInfo) ? { tables: classLayout(d.classInfo) } : null;
    case 'classloader':
      return classLoaderLayout(d);
    case 'logger':
      return loggerLayout(d);
    case 'sysenv':
      return isRec(d.env) ? { tables: [{ head: ['KEY', 'VALUE'], rows: Object.entries(d.env).map(([k, v]) => [k, str(v)]) }] } : null;
    case 'vmoption':
      return Array.isArray(d.vmOptions) ? { tables: [{ head: ['KEY', 'VALUE', 'ORIGIN', 'WRITEABLE'], rows: (d.vmOptions as Rec[]).map((o) => [str(o.name), str(o.value), str(o.origin), str(o.writeable)]) }] } : null;
    case 'perfcounter': {
      if (!Array.isArray(d.perfCounters)) return null;
      const counters = d.perfCounters as Rec[];
      if (d.details) return { tables: [{ head: ['Name', 'Variability', 'Units', 'Value'], rows: counters.map((c) => [str(c.name), str(c.variability), str(c.units), str(c.value)]) }] };
      return { tables: [{ head: ['Name', 'Value'], rows: counters.map((c) => [str(c.name), str(c.value)]) }] };
    }
    case 'memory':
      if (!isRec(d.memoryInfo)) return null;
      return { tables: [{ head: ['Memory', 'used', 'total', 'max', 'usage'], rows: memoryAreas(d.memoryInfo as Record<string, MemoryEntry[]>).map(memoryRow).map((m) => [m.name, m.used, m.total, m.max, m.usage]) }] };
    case 'mbean':
      return mbeanLayout(d);
    case 'options':
      return Array.isArray(d.options) ? { tables: [{ head: ['LEVEL', 'TYPE', 'NAME', 'VALUE', 'SUMMARY', 'DESCRIPTION'], rows: (d.options as Rec[]).map((o) => [str(o.level), str(o.type), str(o.name), str(o.value), str(o.summary), str(o.description)]) }] } : null;
    case 'getstatic':
      return d.field !== undefined ? { tables: [], value: { label: `field: ${str(d.fieldName)}`, value: d.field } } : null;
    case 'vmtool':
      return d.value !== undefined ? { tables: [], value: { value: d.value } } : null;
    default:
      return null;
  }
}

/** Types whose answers answerLayout() lays out. */
export const TABLE_ANSWER_TYPES = ['sm', 'sc', 'classloader', 'logger', 'sysenv', 'vmoption', 'perfcounter', 'memory', 'mbean', 'options', 'getstatic', 'vmtool'] as const;
