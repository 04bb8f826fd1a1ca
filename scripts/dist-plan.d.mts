export function electronRebuildArgs(root: string, electronVersion: string): string[];
export function nodeRebuildEnv(env: Record<string, string | undefined>): Record<string, string | undefined>;
export function failureMessage(step: 'builder' | 'rebuild', exit: number | string | null): string;
export function distExitCode(builderStatus: number | null, restored: boolean): number;
