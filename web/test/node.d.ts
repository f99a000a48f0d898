// The few Node built-ins web/test uses (the web package has no @types/node; this keeps the
// rules' own build free of Node and DOM types).
declare module 'node:fs' {
  export function readFileSync(path: string, encoding: 'utf8'): string;
  export function readdirSync(path: string): string[];
  export function existsSync(path: string): boolean;
}
declare module 'node:path' {
  export function join(...parts: string[]): string;
  export function dirname(path: string): string;
  export function relative(from: string, to: string): string;
  export function resolve(...parts: string[]): string;
}
declare module 'node:url' {
  export function fileURLToPath(url: string): string;
}
declare const process: {
  exitCode: number | undefined;
  readonly argv: readonly string[];
};
declare const console: {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
interface ImportMeta {
  readonly url: string;
}
