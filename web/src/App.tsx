// The shell: sign-in, then a header with the language switch and the user, a menu by role
// (a drawer on phones), and the screen the address names.
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { AppShell, Burger, Button, Center, Group, Loader, NavLink, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { setLang, useT, type MessageKey } from './i18n';
import { linkProps, navigate, useLocation } from './router';
import { roles, useSession } from './session';
import { Login } from './pages/Login';

// Screens load on first use: the sign-in page needs none of them, and the charts library
// comes only with the screens that draw. A screen fetched ahead (preload) renders at once,
// without a Suspense fallback (which React holds on screen for at least 300 ms).
function screen<K extends string>(load: () => Promise<Record<K, ComponentType<any>>>, name: K) {
  let loaded: ComponentType<any> | undefined;
  const preload = () => load().then((m) => (loaded = m[name]));
  const Lazy = lazy(() => preload().then((c) => ({ default: c })));
  const Screen = (props: any) => {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Lazy {...props} />;
  };
  return Object.assign(Screen, { preload });
}
const Dashboard = screen(() => import('./pages/Dashboard'), 'Dashboard');
const EntryForm = screen(() => import('./pages/EntryForm'), 'EntryForm');
const Search = screen(() => import('./pages/Search'), 'Search');
const WorkerPage = screen(() => import('./pages/WorkerPage'), 'WorkerPage');
const MyRecord = screen(() => import('./pages/WorkerPage'), 'MyRecord');
const Campaigns = screen(() => import('./pages/Campaigns'), 'Campaigns');
const CampaignPage = screen(() => import('./pages/Campaigns'), 'CampaignPage');
const Reconcile = screen(() => import('./pages/Reconcile'), 'Reconcile');
const Reports = screen(() => import('./pages/Reports'), 'Reports');
const Import = screen(() => import('./pages/Import'), 'Import');
const Users = screen(() => import('./pages/Users'), 'Users');
const Audit = screen(() => import('./pages/Audit'), 'Audit');

interface NavItem {
  to: string;
  label: MessageKey;
  show: (role: string) => boolean;
}

const NAV: NavItem[] = [
  { to: '/', label: 'dashboard', show: (r) => !roles.worker(r) && !roles.admin(r) },
  { to: '/me', label: 'myRecord', show: roles.worker },
  { to: '/entry', label: 'entry', show: roles.entersRecords },
  { to: '/search', label: 'search', show: roles.readsRecords },
  { to: '/campaigns', label: 'campaigns', show: (r) => roles.readsRecords(r) && r !== 'service_centre' },
  {
    to: '/reconcile',
    label: 'reconcile',
    show: (r) => ['commune_officer', 'commune_police', 'district_officer', 'province_officer'].includes(r),
  },
  { to: '/reports', label: 'reports', show: roles.readsReports },
  { to: '/import', label: 'import', show: roles.imports },
  { to: '/users', label: 'users', show: roles.admin },
  { to: '/audit', label: 'audit', show: roles.admin },
];

// While the sign-in page waits for the officer, the first screens are fetched and compiled;
// the others follow once signed in.
function prefetchFirstScreens() {
  for (const s of [Dashboard, EntryForm, MyRecord, Users]) void s.preload().catch(() => undefined);
}
function prefetchOtherScreens() {
  for (const s of [Search, WorkerPage, Campaigns, CampaignPage, Reconcile, Reports, Import, Audit]) void s.preload().catch(() => undefined);
}

export function App() {
  const { user, loading, signOut } = useSession();
  const t = useT();
  const [opened, { toggle, close }] = useDisclosure();
  const { path } = useLocation();
  useEffect(() => {
    if (!loading) (user ? prefetchOtherScreens : prefetchFirstScreens)();
  }, [loading, user]);
  if (loading)
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  if (!user) return <Login />;
  const items = NAV.filter((n) => n.show(user.role));
  const active = (to: string) => (to === '/' ? path === '/' : path === to || path.startsWith(to + '/'));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('menu')} />
            <Title order={4} style={{ whiteSpace: 'nowrap' }}>
              lmis
            </Title>
            <Text size="sm" c="dimmed" visibleFrom="md">
              {t('appName')}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SegmentedControl
              size="xs"
              aria-label={t('language')}
              value={t.lang}
              onChange={(v) => setLang(v as 'vi' | 'en')}
              data={[
                { label: 'VI', value: 'vi' },
                { label: 'EN', value: 'en' },
              ]}
            />
            <Text size="sm" visibleFrom="sm" data-testid="whoami">
              {user.username} · {t.pick(user.role_label_vi, user.role_label_en)}
            </Text>
            <Button size="xs" variant="subtle" onClick={() => signOut().then(() => navigate('/', true))}>
              {t('signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <Stack gap={2}>
          {items.map((n) => (
            <NavLink key={n.to} component="a" {...linkProps(n.to)} onClickCapture={close} label={t(n.label)} active={active(n.to)} />
          ))}
        </Stack>
        <Text size="xs" c="dimmed" mt="auto" p="xs" hiddenFrom="sm">
          {user.username} · {t.pick(user.role_label_vi, user.role_label_en)}
        </Text>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense
          fallback={
            <Center py="xl">
              <Loader size="sm" />
            </Center>
          }
        >
          <Screen path={path} role={user.role} />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function Screen({ path, role }: { path: string; role: string }) {
  const t = useT();
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) {
    if (roles.worker(role)) return <MyRecord />;
    if (roles.admin(role)) return <Users />;
    return <Dashboard />;
  }
  switch (parts[0]) {
    case 'entry':
      return <EntryForm key="new" />;
    case 'search':
      return <Search />;
    case 'workers':
      if (parts.length === 2) return <WorkerPage id={parts[1]} key={parts[1]} />;
      if (parts.length === 3 && parts[2] === 'edit') return <EntryForm editId={parts[1]} key={'edit' + parts[1]} />;
      break;
    case 'me':
      return <MyRecord />;
    case 'campaigns':
      if (parts.length === 1) return <Campaigns />;
      if (parts.length === 2) return <CampaignPage id={parts[1]} />;
      break;
    case 'reconcile':
      return <Reconcile />;
    case 'reports':
      return <Reports />;
    case 'import':
      return <Import />;
    case 'users':
      return <Users />;
    case 'audit':
      return <Audit />;
  }
  return (
    <Stack align="flex-start">
      <Text>{t('notFoundPage')}</Text>
      <Button component="a" {...linkProps('/')}>
        {t('goHome')}
      </Button>
    </Stack>
  );
}
