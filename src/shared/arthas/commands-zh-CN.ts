// What each command of commands.ts does, in Simplified Chinese: the completion list's hints when the
// deck speaks 简体中文. Keyed by command name and option as in ARTHAS_COMMANDS; a unit test checks that
// every command and option there has its text here.
export interface CommandText {
  summary: string;
  options: Readonly<Record<string, string>>;
}

export const COMMAND_TEXT_ZH_CN: Readonly<Record<string, CommandText>> = {
  watch: { summary: '观察方法的参数、返回值和异常', options: { '-b': '在方法执行前（进入时）读取参数', '-e': '只看抛出异常的调用', '-s': '只看正常返回的调用', '-f': '在方法结束时（返回或抛出异常，默认）', '-x': '对象展开的深度（默认 1）', '-n': '观察这么多次调用后停止', '-E': '类名和方法名是正则表达式', '-M': '结果的最大字节数（默认 10 MB）', '--exclude-class-pattern': '不观察的类' } },
  trace: { summary: '方法的调用路径和每一步的耗时', options: { '-n': '跟踪这么多次调用后停止', '-j': '跳过 JDK 方法', '-E': '类名和方法名是正则表达式', '--skipJDKMethod': '跳过 JDK 方法（默认 true）', '#cost>': '只看慢于此值的调用，单位 ms：\'#cost > 10\'' } },
  stack: { summary: '方法被调用的调用栈', options: { '-n': '这么多次调用后停止', '-E': '类名和方法名是正则表达式' } },
  tt: { summary: '时光隧道：记录调用，之后重放', options: { '-t': '记录调用（时光隧道）', '-l': '列出记录', '-i': '这个索引的记录', '-p': '重放 -i 指定的记录', '-n': '记录这么多次调用后停止', '-w': '在记录上执行的 OGNL 表达式', '-x': '对象展开的深度', '-d': '删除 -i 指定的记录', '--delete-all': '删除所有记录', '-s': '按 OGNL 条件搜索记录' } },
  monitor: { summary: '每个周期的调用次数、失败次数和平均耗时', options: { '-c': '周期长度，单位秒（默认 60）', '-b': '在调用前计算条件', '-n': '这么多个周期后停止', '-E': '类名和方法名是正则表达式' } },
  thread: { summary: '线程及其调用栈', options: { '-n': '最忙的 n 个线程', '-b': '阻塞其他线程的线程', '-i': '采样间隔，单位 ms（用于 -n）', '--state': '处于此状态的线程（RUNNABLE、BLOCKED、WAITING…）', '--all': '所有线程' } },
  dashboard: { summary: '线程、内存、GC 和运行时', options: { '-i': '刷新间隔，单位 ms', '-n': '刷新次数' } },
  jvm: { summary: 'JVM 信息', options: {} },
  sysprop: { summary: '系统属性', options: {} },
  sysenv: { summary: '环境变量', options: {} },
  vmoption: { summary: 'VM 诊断选项', options: {} },
  sc: { summary: '查找已加载的类', options: { '-d': '每个类的详细信息', '-f': '类的字段（与 -d 一起）', '-E': '类名是正则表达式', '-x': '静态字段展开的深度', '-c': '类加载器，按哈希', '--classLoaderClass': '类加载器，按其类名' } },
  sm: { summary: '查找已加载类的方法', options: { '-d': '每个方法的详细信息', '-E': '类名和方法名是正则表达式' } },
  jad: { summary: '反编译一个类', options: { '--source-only': '只要源码，不含类加载器和位置', '-c': '类加载器，按哈希', '--lineNumber': '打印行号（默认 true）' } },
  ognl: { summary: '执行 OGNL 表达式', options: { '-c': '类加载器，按哈希', '-x': '结果展开的深度（默认 1）', '--classLoaderClass': '类加载器，按其类名' } },
  version: { summary: 'Arthas 版本', options: {} },
  classloader: { summary: '类加载器', options: { '-t': '按父子关系显示为树', '-l': '每个加载器及其哈希和父加载器', '-c': '此哈希的加载器的 URL', '-a': '每个加载器的所有类' } },
  heapdump: { summary: '转储堆', options: { '--live': '只要仍可达的对象' } },
  logger: { summary: '日志记录器和级别', options: { '-n': '这个名字的 logger', '-l': '设置 -n 指定的 logger 的级别', '-c': '类加载器，按哈希' } },
  memory: { summary: '内存池', options: {} },
  perfcounter: { summary: 'JVM 性能计数器', options: { '-d': '带变化性和单位' } },
  getstatic: { summary: '一个静态字段', options: { '-c': '类加载器，按哈希', '-x': '值展开的深度' } },
  profiler: { summary: 'async-profiler 性能分析', options: { start: '开始采样', stop: '停止并写出结果', status: '是否在运行', '--event': '采样什么：cpu、alloc、lock、wall…', '--duration': '运行这么多秒后停止', '--format': '输出格式：html、jfr、collapsed…' } },
  vmtool: { summary: '获取实例、强制 GC', options: { '--action': 'getInstances 或 forceGc', '--className': '要获取其实例的类', '--limit': '最多这么多个实例', '-x': '实例展开的深度' } },
  stop: { summary: '停止 Arthas（所有会话）', options: {} },
};
