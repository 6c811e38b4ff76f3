import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FakeKlaviyoSummary } from './fake-klaviyo-process.js';

export interface FakeKlaviyoProcess {
  baseUrl: string;
  summary(): Promise<FakeKlaviyoSummary>;
  close(): Promise<void>;
}

/** Starts bench/lib/fake-klaviyo-process.ts in a child process (under tsx) and talks to it over IPC. */
export async function startFakeKlaviyoProcess(apiKey: string): Promise<FakeKlaviyoProcess> {
  const child = fork(fileURLToPath(new URL('./fake-klaviyo-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'], env: { ...process.env, FAKE_KLAVIYO_KEY: apiKey }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(key: string) => new Promise<T>((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', onMessage);
      resolve(message[key] as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`The fake Klaviyo process exited (${code}).`)));
  });
  const baseUrl = await next<string>('baseUrl');
  return {
    baseUrl,
    summary: () => {
      const answer = next<FakeKlaviyoSummary>('summary');
      child.send('summary');
      return answer;
    },
    close: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send('close');
    }),
  };
}
