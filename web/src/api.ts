// The server's JSON API as the UI uses it. The session rides in the HttpOnly cookie the
// server sets at sign-in, so no token is ever held by scripts.

export interface Violation {
  field: string;
  code: string;
  message_vi: string;
  message_en: string;
}

// A refused or failed call, with the server's own bilingual message.
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public vi: string,
    public en: string,
    public violations: Violation[] = [],
  ) {
    super(en || vi || code);
  }
}

export const NETWORK_ERROR = 'network';

// Called when a call answers 401 although a user is signed in: the session has expired or was
// ended (a new password, the account disabled). The session context sets it.
let onSessionLost: () => void = () => undefined;
export function setSessionLostHandler(handler: () => void) {
  onSessionLost = handler;
}

async function call<T>(method: string, path: string, body?: unknown, type = 'application/json'): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/api' + path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': type },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, NETWORK_ERROR, 'Không kết nối được máy chủ', 'Cannot reach the server');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: any = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const e = data?.error ?? {};
    if (response.status === 401 && path !== '/session') onSessionLost();
    throw new ApiError(
      response.status,
      e.code ?? 'http_' + response.status,
      e.message_vi ?? `Máy chủ trả lỗi ${response.status}`,
      e.message_en ?? `The server answered ${response.status}`,
      data?.violations ?? [],
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  del: <T>(path: string) => call<T>('DELETE', path),
};

// "?a=1&b=x" from the defined entries.
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}

// ---- shapes the UI reads (see src/http/openapi.json) ----

export interface User {
  username: string;
  role: string;
  role_label_vi: string;
  role_label_en: string;
  unit: string;
  person: string | null;
}

export interface VersionMeta {
  actor: string;
  closed: string | null;
  person: string;
  province_code: string;
  recorded_at: string;
  residence_unit: string;
  seq: number;
  source: string;
  valid_from: string;
}

export type WorkerCells = Record<string, string>;
export type Worker = WorkerCells & { version?: VersionMeta };
export interface WorkerJson {
  [field: string]: string | VersionMeta | undefined;
  version?: VersionMeta;
}

export interface CodeOption {
  code: string;
  form_code: string;
  label_vi: string;
  label_en: string;
}
export interface CodeLists {
  lists: { name: string; options: CodeOption[] }[];
}
export interface CatalogEntry {
  code: string;
  level: number;
  name: string;
  parent: string | null;
}

export interface Unit {
  code: string;
  name: string;
  level: number;
  parent: string | null;
}

export interface Counts {
  population_15plus: number;
  labour_force: number;
  employed: number;
  unemployed: number;
  outside: number;
  status_unknown: number;
  unemployment_rate: number | null;
}
export interface BreakdownLine extends Counts {
  value: string;
  label: string;
  male: Counts;
  female: Counts;
}
export interface LabourSupply extends Counts {
  unit: string;
  unit_key: string;
  unit_name: string;
  tree: string;
  as_of: string;
  by_sex: { male: Counts; female: Counts; unknown: Counts };
  breakdowns: Record<string, { heading: string; lines: BreakdownLine[] }>;
}

export interface Reader {
  at: string;
  username: string;
  role: string;
  role_label_vi: string;
  role_label_en: string;
  unit: string;
  action: string;
}

// A collection campaign (GET /api/campaigns, /api/campaigns/{id}).
export interface Campaign {
  id: number;
  name: string;
  unit: string;
  unit_name: string;
  tree: string;
  reference_date: string;
  window_start: string;
  window_end: string;
  forms: number;
  waves: { number: number; name: string; deadline: string }[];
}
