// Which view shows which result type. A new type: its view component and one line here.
import type { Component } from 'vue';
import AnswerResult from './AnswerResult.vue';
import DashboardResult from './DashboardResult.vue';
import InlineResult from './InlineResult.vue';
import HeapdumpResult from './HeapdumpResult.vue';
import JadResult from './JadResult.vue';
import JfrResult from './JfrResult.vue';
import KeyValueResult from './KeyValueResult.vue';
import MonitorResult from './MonitorResult.vue';
import OgnlResult from './OgnlResult.vue';
import ProfilerResult from './ProfilerResult.vue';
import RawJson from './RawJson.vue';
import StackResult from './StackResult.vue';
import ThreadResult from './ThreadResult.vue';
import TerminalFrameResult from './TerminalFrameResult.vue';
import TraceResult from './TraceResult.vue';
import TtResult from './TtResult.vue';
import VmtoolResult from './VmtoolResult.vue';
import WatchResult from './WatchResult.vue';
import WelcomeResult from './WelcomeResult.vue';

export const RESULT_VIEWS: Record<string, Component> = {
  watch: WatchResult,
  trace: TraceResult,
  stack: StackResult,
  tt: TtResult,
  monitor: MonitorResult,
  thread: ThreadResult,
  dashboard: DashboardResult,
  jvm: KeyValueResult,
  sysprop: KeyValueResult,
  sysenv: AnswerResult,
  vmoption: AnswerResult,
  sc: AnswerResult,
  sm: AnswerResult,
  classloader: AnswerResult,
  logger: AnswerResult,
  perfcounter: AnswerResult,
  memory: AnswerResult,
  mbean: AnswerResult,
  options: AnswerResult,
  getstatic: AnswerResult,
  vmtool: VmtoolResult,
  heapdump: HeapdumpResult,
  jfr: JfrResult,
  terminal: TerminalFrameResult,
  jad: JadResult,
  ognl: OgnlResult,
  profiler: ProfilerResult,
  welcome: WelcomeResult,
  message: InlineResult,
  status: InlineResult,
  enhancer: InlineResult,
  command: InlineResult,
  input_status: InlineResult,
  version: InlineResult,
  row_affect: InlineResult,
};

export function viewFor(type: string): Component {
  return RESULT_VIEWS[type] ?? RawJson;
}
