import { useState } from 'react';
import { Alert, Button, Center, Paper, PasswordInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { ApiError } from '../api';
import { setLang, useT } from '../i18n';
import { useSession } from '../session';

export function Login() {
  const t = useT();
  const { signIn, expired } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err), String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="form" onSubmit={submit} withBorder shadow="sm" p="lg" w={380} maw="100%">
        <Stack>
          <div>
            <Title order={2}>lmis</Title>
            <Text c="dimmed" size="sm">
              {t('appName')}
            </Text>
          </div>
          <SegmentedControl
            size="xs"
            value={t.lang}
            onChange={(v) => setLang(v as 'vi' | 'en')}
            data={[
              { label: 'Tiếng Việt', value: 'vi' },
              { label: 'English', value: 'en' },
            ]}
          />
          <TextInput
            label={t('username')}
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('password')}
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {expired && !error && (
            <Alert color="yellow" role="status">
              {t('sessionExpired')}
            </Alert>
          )}
          {error && (
            <Alert color="red" role="alert">
              {t.pick(error.vi, error.en)}
            </Alert>
          )}
          <Button type="submit" loading={busy}>
            {t('signIn')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('signInHint')}
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
