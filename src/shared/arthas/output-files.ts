// Files Arthas writes under arthas-output/ (in the JVM's working directory: profiler output, jfr,
// a heap dump named there), which its HTTP port serves at /arthas-output/: the listing it prints,
// read back, and which paths in its answers lie there.

export interface OutputEntry {
  /** the path inside arthas-output/ ("x.jfr", "sub/"), as its listing links it */
  name: string;
  folder: boolean;
  /** the modification time as Arthas prints it (the JVM's local time, no zone): "2026-12-07 23:58:43" */
  modified: string;
  /** bytes; null for a folder */
  size: number | null;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);
}

/**
 * The entries of Arthas's directory listing (DirectoryBrowser: a <pre> of links, each followed by
 * the time and, for a file, its size). Anything else on the page (the parent link) is left out.
 */
export function parseOutputListing(html: string): OutputEntry[] {
  const out: OutputEntry[] = [];
  const line = /<a href="([^"]*)" title="[^"]*">[^<]*<\/a>\s*(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s+(-|\d+)/g;
  for (let m = line.exec(html); m; m = line.exec(html)) {
    const name = unescapeHtml(m[1]!);
    if (name === '../') continue;
    const folder = name.endsWith('/');
    out.push({ name, folder, modified: m[2]!, size: folder || m[3] === '-' ? null : Number(m[3]) });
  }
  return out;
}

/**
 * The name inside arthas-output/ of a file Arthas reported (a heap dump's dumpFile, jfr's "written
 * to", profiler's outputFile), or null when it lies elsewhere: relative "arthas-output/x" or an
 * absolute path through an "arthas-output" folder. Whether the JVM's own arthas-output/ holds it is
 * for its listing to say: the caller looks the name up there before offering a download.
 */
export function outputNameOf(path: string): string | null {
  const m = /(?:^|[/\\])arthas-output[/\\](.+)$/.exec(path.trim());
  if (!m) return null;
  const name = m[1]!.replace(/\\/g, '/');
  return isOutputName(name) ? name : null;
}

/** A name safe to ask the server for: inside arthas-output/, no way up, no control characters. */
export function isOutputName(name: string): boolean {
  if (!name || name.length > 1024 || name.startsWith('/') || name.includes('\\')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return false;
  return name.split('/').every((part, i, all) => (part !== '' || i === all.length - 1) && part !== '.' && part !== '..');
}

/** The file a `jfr stop` or `jfr dump` answer says it wrote ("… The result will be written to:\nPATH"). */
export function jfrFileOf(jfrOutput: string): string | null {
  const m = /written to:\s*\n?\s*(\S.*?)\s*$/.exec(jfrOutput);
  return m ? m[1]! : null;
}
