// User management for administrators: the accounts of their jurisdiction, new accounts,
// disabling and password resets (which end the user's sessions).
import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NativeSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DataTable } from '../components/DataTable';
import { api, ApiError } from '../api';
import { Async, ErrorNote, useApi } from '../data';
import { formatTime, useT } from '../i18n';
import { useSession } from '../session';

interface Account {
  username: string;
  role: string;
  role_label_vi: string;
  role_label_en: string;
  unit: string;
  unit_name?: string;
  person: string | null;
  disabled: boolean;
  updated_at: string;
}

const ROLES: [string, string, string][] = [
  ['collector', 'Điều tra viên', 'Collector'],
  ['commune_officer', 'Công chức LĐTBXH cấp xã', 'Commune labour officer'],
  ['commune_police', 'Công an xã', 'Commune police'],
  ['district_officer', 'Phòng LĐTBXH cấp huyện', 'District labour office'],
  ['province_officer', 'Sở LĐTBXH', 'Province labour department'],
  ['service_centre', 'Trung tâm dịch vụ việc làm', 'Employment service centre'],
  ['ministry', 'Bộ', 'Ministry'],
  ['worker', 'Người lao động', 'Worker'],
  ['employer', 'Người sử dụng lao động', 'Employer'],
  ['admin', 'Quản trị', 'Administrator'],
];

export function Users() {
  const t = useT();
  const { user } = useSession();
  const list = useApi<{ items: Account[] }>('/users');
  const [error, setError] = useState<ApiError>();
  const [resetting, setResetting] = useState<Account>();
  const [editing, setEditing] = useState<{ account: Account; role: string; unit: string; tree: string }>();
  const [newPassword, setNewPassword] = useState('');
  const [done, setDone] = useState<string>();
  const [form, setForm] = useState({ username: '', role: 'commune_officer', unit: '', tree: '2025', person: '', password: '' });
  const change = async (a: Account, body: Record<string, unknown>, what: string) => {
    setError(undefined);
    setDone(undefined);
    try {
      await api.put('/users/' + encodeURIComponent(a.username), body);
      setDone(`${a.username}: ${what}`);
      list.reload();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setDone(undefined);
    try {
      const body: Record<string, string> = {
        username: form.username.trim(),
        role: form.role,
        unit: form.unit.trim(),
        tree: form.tree,
        password: form.password,
      };
      if (form.role === 'worker') body.person = form.person.trim();
      await api.post('/users', body);
      setDone(`${t('create')}: ${form.username}`);
      setForm({ ...form, username: '', password: '', person: '' });
      list.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <Stack>
      <Modal opened={!!resetting} onClose={() => setResetting(undefined)} title={`${t('resetPassword')} — ${resetting?.username ?? ''}`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (resetting) change(resetting, { password: newPassword }, t('resetPassword'));
            setResetting(undefined);
            setNewPassword('');
          }}
        >
          <PasswordInput
            name="reset-password"
            label={t('newPassword')}
            value={newPassword}
            onChange={(e) => setNewPassword(e.currentTarget.value)}
            autoComplete="new-password"
            minLength={10}
            required
            autoFocus
          />
          <Button type="submit" mt="sm" disabled={newPassword.length < 10}>
            {t('confirm')}
          </Button>
        </form>
      </Modal>
      <Modal opened={!!editing} onClose={() => setEditing(undefined)} title={`${t('changeRole')} — ${editing?.account.username ?? ''}`}>
        {editing && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              change(editing.account, { role: editing.role, unit: editing.unit.trim(), tree: editing.tree }, t('changeRole'));
              setEditing(undefined);
            }}
          >
            <Stack>
              <NativeSelect
                name="edit-role"
                label={t('role')}
                value={editing.role}
                onChange={(e) => setEditing({ ...editing, role: e.currentTarget.value })}
                data={ROLES.map(([v, vi, en]) => ({ value: v, label: t.pick(vi, en) }))}
              />
              <TextInput
                name="edit-unit"
                label={t('unitCode')}
                value={editing.unit}
                onChange={(e) => setEditing({ ...editing, unit: e.currentTarget.value })}
                required
              />
              <NativeSelect
                name="edit-tree"
                label={t('tree')}
                value={editing.tree}
                onChange={(e) => setEditing({ ...editing, tree: e.currentTarget.value })}
                data={[
                  { value: '2025', label: t('tree2025') },
                  { value: 'pre2025', label: t('treePre2025') },
                ]}
              />
              <Button type="submit">{t('confirm')}</Button>
            </Stack>
          </form>
        )}
      </Modal>
      <Title order={2}>{t('users')}</Title>
      {error && <ErrorNote error={error} />}
      {done && <Alert color="green">{done}</Alert>}
      <Card withBorder component="form" onSubmit={create} maw={760}>
        <Text fw={700} mb="xs">
          {t('addUser')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('username')}
            required
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
            name="new-username"
          />
          <NativeSelect
            label={t('role')}
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.currentTarget.value })}
            data={ROLES.map(([v, vi, en]) => ({ value: v, label: t.pick(vi, en) }))}
            name="new-role"
          />
          <TextInput
            label={t('unitCode')}
            required
            value={form.unit}
            onChange={(e) => setForm({ ...form, unit: e.currentTarget.value })}
            placeholder="26734 / national"
            name="new-unit"
          />
          <NativeSelect
            label={t('tree')}
            value={form.tree}
            onChange={(e) => setForm({ ...form, tree: e.currentTarget.value })}
            data={[
              { value: '2025', label: t('tree2025') },
              { value: 'pre2025', label: t('treePre2025') },
            ]}
          />
          {form.role === 'worker' && (
            <TextInput label={t('person')} value={form.person} onChange={(e) => setForm({ ...form, person: e.currentTarget.value })} />
          )}
          <PasswordInput
            label={t('password')}
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            name="new-password"
            autoComplete="new-password"
          />
        </SimpleGrid>
        <Button type="submit" mt="md">
          {t('create')}
        </Button>
      </Card>
      <Async state={list}>
        {(l) =>
          l.items.length === 0 ? (
            <Alert color="gray">{t('noUsers')}</Alert>
          ) : (
            <DataTable
              testId="users"
              minWidth={720}
              rows={l.items}
              rowKey={(a) => a.username}
              columns={[
                { label: t('username'), cell: (a) => a.username },
                { label: t('role'), cell: (a) => t.pick(a.role_label_vi, a.role_label_en) },
                {
                  label: t('unit'),
                  cell: (a) => (
                    <>
                      {a.unit_name ? `${a.unit_name} (${a.unit})` : a.unit}
                      {a.person && (
                        <Text size="xs" c="dimmed">
                          CCCD {a.person}
                        </Text>
                      )}
                    </>
                  ),
                },
                {
                  label: t('state'),
                  cell: (a) => <>{a.disabled ? <Badge color="gray">{t('disabled')}</Badge> : <Badge color="green">{t('active')}</Badge>}</>,
                },
                { label: t('recordedAt'), cell: (a) => formatTime(a.updated_at, t.lang) },
                {
                  label: '',
                  cell: (a) => (
                    <>
                      {a.username !== user!.username && (
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="light"
                            color={a.disabled ? 'green' : 'red'}
                            onClick={() => change(a, { disabled: !a.disabled }, t(a.disabled ? 'enable' : 'disable'))}
                          >
                            {t(a.disabled ? 'enable' : 'disable')}
                          </Button>
                          <Button size="compact-xs" variant="subtle" onClick={() => setResetting(a)}>
                            {t('resetPassword')}
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            onClick={() => {
                              const [tree, code] = a.unit.includes(':') ? a.unit.split(':') : ['2025', a.unit];
                              setEditing({ account: a, role: a.role, unit: code, tree });
                            }}
                          >
                            {t('changeRole')}
                          </Button>
                        </Group>
                      )}
                    </>
                  ),
                },
              ]}
            />
          )
        }
      </Async>
    </Stack>
  );
}
