// Import a file of Mẫu 03 records: the upload's progress, then the server's progress through
// the rows, the counts, and the rejected rows as a file to download and fix.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, FileInput, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api, ApiError } from '../api';
import { ErrorNote } from '../data';
import { formatNumber, useT } from '../i18n';

interface Job {
  id: number;
  state: string;
  bytes_total: number;
  bytes_read: number;
  rows_done: number;
  rows: number;
  created: number;
  new_versions: number;
  unchanged: number;
  rejected_rows: number;
  error?: { message_vi: string; message_en: string } | null;
}

// Sends the file with XMLHttpRequest, the one browser API that reports upload progress.
function upload(file: File, onProgress: (fraction: number) => void): Promise<{ id: number }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const json = /\.(jsonl|ndjson|json)$/i.test(file.name);
    xhr.open('POST', `/api/imports?kind=workers&name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', json ? 'application/x-ndjson' : 'text/csv');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let data: any;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else {
        const e = data?.error ?? {};
        reject(
          new ApiError(
            xhr.status,
            e.code ?? 'http',
            e.message_vi ?? `Lỗi ${xhr.status}`,
            e.message_en ?? `Error ${xhr.status}`,
            data?.violations ?? [],
          ),
        );
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Không kết nối được máy chủ', 'Cannot reach the server'));
    xhr.send(file);
  });
}

export function Import() {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number>();
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<ApiError>();
  const timer = useRef<number>(undefined);
  const mounted = useRef(true);
  const [polling, setPolling] = useState<number>(); // the job whose progress is asked for
  useEffect(
    () => () => {
      mounted.current = false;
      window.clearTimeout(timer.current);
    },
    [],
  );

  // Asks for the job's progress until it ends; a failed ask says so and can be retried (the
  // import goes on on the server meanwhile).
  const poll = async (id: number) => {
    setPolling(id);
    try {
      const j = await api.get<Job>('/imports/' + id);
      if (!mounted.current) return;
      setJob(j);
      setError(undefined);
      if (j.state === 'running' || j.state === 'queued') timer.current = window.setTimeout(() => poll(id), 400);
    } catch (e) {
      if (mounted.current) setError(e as ApiError);
    }
  };
  const start = async () => {
    if (!file) return;
    setError(undefined);
    setJob(undefined);
    setSent(0);
    try {
      const started = await upload(file, setSent);
      setSent(1);
      poll(started.id);
    } catch (e) {
      setError(e as ApiError);
      setSent(undefined);
    }
  };
  const running = job && (job.state === 'running' || job.state === 'queued');
  const fraction = job ? (job.bytes_total ? job.bytes_read / job.bytes_total : 0) : 0;
  const n = (x: number) => formatNumber(x, t.lang);
  return (
    <Stack maw={760}>
      <Title order={2}>{t('import')}</Title>
      <Text size="sm" c="dimmed">
        {t('importNote')}
      </Text>
      <Group align="flex-end">
        <FileInput
          label={t('chooseFile')}
          value={file}
          onChange={setFile}
          accept=".csv,.jsonl,.ndjson,.json,text/csv"
          clearable
          style={{ flex: 1 }}
          name="file"
        />
        <Button onClick={start} disabled={!file || !!running || (sent !== undefined && sent < 1 && !job)}>
          {t('upload')}
        </Button>
      </Group>
      {error && <ErrorNote error={error} onRetry={polling !== undefined ? () => poll(polling) : undefined} />}
      {sent !== undefined && (
        <Card withBorder>
          <Text size="sm">
            {t('uploading')} {Math.round(sent * 100)}%
          </Text>
          <Progress value={sent * 100} mb="sm" aria-label={t('uploading')} />
          {job && (
            <>
              <Text size="sm">
                {running ? t('importing') : job.state === 'done' ? t('importDone') : t('importFailed')} · {n(job.rows_done)} {t('rowsDone')}
              </Text>
              <Progress
                value={running ? fraction * 100 : 100}
                color={job.state === 'failed' ? 'red' : 'green'}
                animated={!!running}
                aria-label={t('importing')}
                data-testid="import-progress"
              />
              {job.error && (
                <Alert color="red" mt="sm">
                  {t.pick(job.error.message_vi, job.error.message_en)}
                </Alert>
              )}
              {!running && (
                <>
                  <SimpleGrid cols={{ base: 2, sm: 4 }} mt="md" data-testid="import-counts">
                    {(
                      [
                        ['created', job.created],
                        ['newVersions', job.new_versions],
                        ['unchangedRows', job.unchanged],
                        ['rejectedRows', job.rejected_rows],
                      ] as const
                    ).map(([k, v]) => (
                      <div key={k}>
                        <Text fz="xl" fw={700}>
                          {n(v)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t(k)}
                        </Text>
                      </div>
                    ))}
                  </SimpleGrid>
                  {job.rejected_rows > 0 && (
                    <Button
                      mt="md"
                      component="a"
                      href={`/api/imports/${job.id}/rejects`}
                      download={`loi-nhap-${job.id}.csv`}
                      variant="light"
                      color="red"
                    >
                      {t('rejectsFile')}
                    </Button>
                  )}
                </>
              )}
            </>
          )}
        </Card>
      )}
    </Stack>
  );
}
