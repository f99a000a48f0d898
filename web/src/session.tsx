// The signed-in user, shared by every screen.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setSessionLostHandler, type User } from './api';

interface SessionState {
  user: User | null;
  loading: boolean;
  expired: boolean; // the last session ended on its own: the sign-in page says so
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    setSessionLostHandler(() => {
      setUser((u) => {
        if (u) setExpired(true);
        return null;
      });
    });
    api
      .get<{ user: User }>('/session')
      .then((r) => setUser(r.user))
      .catch((e) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.warn(e);
      })
      .finally(() => setLoading(false));
  }, []);
  const state: SessionState = {
    user,
    loading,
    expired,
    signIn: async (username, password) => {
      const r = await api.post<{ user: User }>('/session', { username, password });
      setExpired(false);
      setUser(r.user);
    },
    signOut: async () => {
      try {
        await api.del('/session');
      } finally {
        setUser(null);
      }
    },
  };
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

// What a role may do in the UI; the server decides again on every call.
export const roles = {
  entersRecords: (r: string) => ['collector', 'commune_officer', 'commune_police'].includes(r),
  readsRecords: (r: string) =>
    ['collector', 'commune_officer', 'commune_police', 'district_officer', 'province_officer', 'ministry', 'service_centre'].includes(r),
  readsReports: (r: string) =>
    ['commune_officer', 'commune_police', 'district_officer', 'province_officer', 'ministry', 'service_centre'].includes(r),
  imports: (r: string) => ['collector', 'commune_officer', 'commune_police'].includes(r),
  admin: (r: string) => r === 'admin',
  worker: (r: string) => r === 'worker',
};

// The user's unit as the API's unit/tree parameters: "pre2025:070" → {unit: "070", tree: "pre2025"}.
export function unitParams(unitKey: string): { unit: string; tree: string } {
  if (unitKey === 'national') return { unit: 'national', tree: '2025' };
  const i = unitKey.indexOf(':');
  return i < 0 ? { unit: unitKey, tree: '2025' } : { unit: unitKey.slice(i + 1), tree: unitKey.slice(0, i) };
}
