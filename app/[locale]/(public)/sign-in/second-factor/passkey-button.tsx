'use client';

import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useState, useTransition } from 'react';
import { passkeyFinishAction, passkeyOptionsAction, type PasskeyMode } from './actions';

/**
 * Registers a passkey or signs in with one: the browser's own dialog (security key, fingerprint,
 * face), between two server actions that give and check the challenge.
 */
export function PasskeyButton({
  mode,
  next,
  labels,
}: {
  mode: PasskeyMode;
  next: string | null;
  labels: { button: string; working: string; failed: string; unsupported: string };
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      setError(null);
      if (!browserSupportsWebAuthn()) return setError(labels.unsupported);
      const given = await passkeyOptionsAction(mode);
      if (!given?.options) return setError(labels.failed);
      let response;
      try {
        response =
          given.mode === 'register'
            ? await startRegistration(given.options as Parameters<typeof startRegistration>[0])
            : await startAuthentication(given.options as Parameters<typeof startAuthentication>[0]);
      } catch {
        // Cancelled, timed out, or no passkey on this device.
        return setError(labels.failed);
      }
      const answer = await passkeyFinishAction(mode, response, next);
      setError(answer.error);
    });
  return (
    <div className="space-y-2">
      <button type="button" onClick={run} disabled={pending} className="btn-primary">
        {pending ? labels.working : labels.button}
      </button>
      {error && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
