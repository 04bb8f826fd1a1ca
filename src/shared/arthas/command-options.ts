// The options of a command line (watch -b -x 2 -n 5 …): what tells runs of the same method apart,
// put first where a command is cut to fit (a run picker), as "-b -x 2 -n 5".

/** Words of a command line as Arthas's shell splits them: quotes keep their spaces. */
export function commandWords(line: string): string[] {
  return [...line.matchAll(/"(?:[^"\\]|\\.)*"|'[^']*'|\S+/g)].map((m) => m[0]);
}

/** The options of a command line, each with its value (-n 5, -x 2, --exclude-class-pattern x), in order. */
export function commandOptions(line: string): string {
  const words = commandWords(line);
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (!/^--?[A-Za-z]/.test(w)) continue;
    const next = words[i + 1];
    // an option's value: a number or a word after a long option (-n 5, --limit 10); flags stand alone
    if (next !== undefined && !next.startsWith('-') && (/^\d+$/.test(next) || (w.startsWith('--') && !w.includes('=')))) {
      out.push(`${w} ${next}`);
      i++;
    } else out.push(w);
  }
  return out.join(' ');
}
