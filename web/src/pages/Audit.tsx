// The audit log of the admin's jurisdiction, newest first, filtered by person, user or
// action: who read or changed which record, and who was refused.
import { useEffect, useState } from 'react';
import { Badge, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { DataTable } from '../components/DataTable';
import { api, ApiError, query } from '../api';
import { ErrorNote } from '../data';
import { formatTime, useT } from '../i18n';

interface Entry {
  id: number;
  at: string;
  username: string;
  role: string;
  unit: string;
  action: string;
  outcome: string;
  person: string | null;
  residence_unit: string | null;
  detail: string;
  address: string;
}

// The actions an administrator most often looks for; every action is in the log.
const ACTIONS: [string, string, string][] = [
  ['read', 'Xem hồ sơ', 'Read a record'],
  ['history', 'Xem lịch sử hồ sơ', 'Read a history'],
  ['list', 'Trong danh sách, kết quả tìm kiếm', 'Listed or found'],
  ['search', 'Tìm kiếm', 'Search'],
  ['create', 'Tạo hồ sơ', 'Create a record'],
  ['update', 'Cập nhật hồ sơ', 'Update a record'],
  ['close', 'Đóng hồ sơ', 'Close a record'],
  ['import', 'Nhập tệp', 'Import'],
  ['readers', 'Xem ai đã đọc hồ sơ', 'Who read a record'],
  ['report', 'Báo cáo', 'Report'],
  ['login', 'Đăng nhập', 'Sign-in'],
  ['user_create', 'Tạo tài khoản', 'Create an account'],
  ['user_update', 'Sửa tài khoản', 'Change an account'],
  ['audit_query', 'Tra cứu nhật ký', 'Audit query'],
];
const OUTCOMES: Record<string, [string, string]> = {
  allow: ['Cho phép', 'Allowed'],
  deny_role: ['Từ chối: vai trò', 'Refused: role'],
  deny_jurisdiction: ['Từ chối: ngoài phạm vi', 'Refused: jurisdiction'],
  deny_state: ['Từ chối: trạng thái', 'Refused: state'],
  not_found: ['Không có', 'Not found'],
  fail: ['Thất bại', 'Failed'],
};

export function Audit() {
  const t = useT();
  const [filter, setFilter] = useState({ person: '', user: '', action: '' });
  const [rows, setRows] = useState<Entry[]>();
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const load = async (cursor?: string) => {
    setError(undefined);
    try {
      const page = await api.get<{ items: Entry[]; next_cursor: string | null }>('/audit' + query({ ...filter, limit: 100, cursor }));
      setRows((r) => (cursor && r ? [...r, ...page.items] : page.items));
      setNext(page.next_cursor);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  useEffect(() => {
    load();
  }, []);
  return (
    <Stack>
      <Title order={2}>{t('audit')}</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <Group align="flex-end">
          <TextInput
            label="CCCD"
            name="person"
            value={filter.person}
            onChange={(e) => setFilter({ ...filter, person: e.currentTarget.value.trim() })}
          />
          <TextInput
            label={t('username')}
            name="user"
            value={filter.user}
            onChange={(e) => setFilter({ ...filter, user: e.currentTarget.value.trim() })}
          />
          <NativeSelect
            label={t('action')}
            name="action"
            value={filter.action}
            onChange={(e) => setFilter({ ...filter, action: e.currentTarget.value })}
            data={[
              { value: '', label: t.pick('Mọi thao tác', 'Every action') },
              ...ACTIONS.map(([v, vi, en]) => ({ value: v, label: `${t.pick(vi, en)} (${v})` })),
            ]}
          />
          <Button type="submit">{t('search')}</Button>
        </Group>
      </form>
      {error && <ErrorNote error={error} />}
      {rows && rows.length === 0 && <Text c="dimmed">{t('none')}</Text>}
      {rows && rows.length > 0 && (
        <div>
          <DataTable
            testId="audit"
            minWidth={760}
            rows={rows}
            rowKey={(r) => r.id}
            columns={[
              { label: t('at'), cell: (r) => formatTime(r.at, t.lang) },
              {
                label: t('who'),
                cell: (r) => (
                  <>
                    {r.username}
                    <Text size="xs" c="dimmed">
                      {r.role} · {r.address}
                    </Text>
                  </>
                ),
              },
              { label: t('action'), cell: (r) => r.action },
              {
                label: t('state'),
                cell: (r) => (
                  <Badge color={r.outcome === 'allow' ? 'green' : 'red'} variant="light">
                    {OUTCOMES[r.outcome] ? t.pick(...OUTCOMES[r.outcome]) : r.outcome}
                  </Badge>
                ),
              },
              { label: 'CCCD', cell: (r) => r.person ?? '' },
              { label: t('unit'), cell: (r) => r.residence_unit ?? '' },
            ]}
          />
          {next && (
            <Button mt="xs" size="xs" variant="light" onClick={() => load(next)}>
              {t('next')}
            </Button>
          )}
        </div>
      )}
    </Stack>
  );
}
