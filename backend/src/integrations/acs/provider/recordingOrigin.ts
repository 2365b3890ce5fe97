import type { CallAutomationClientOptions } from '@azure/communication-call-automation';

type PipelinePolicy = NonNullable<CallAutomationClientOptions['additionalPolicies']>[number]['policy'];

const RECORDING_HOSTS = /\.asm\.skype\.com$/i;

const rewrite = (url: string, origin: string): string => {
  const parsed = new URL(url);
  if (!RECORDING_HOSTS.test(parsed.hostname)) return url;
  return `${origin.replace(/\/$/, '')}${parsed.pathname}${parsed.search}`;
};

/**
 * Sends recording-file requests (the SDK only accepts `*.asm.skype.com` URLs) to another origin: the emulator.
 * The SDK signs these with the resource host (`x-ms-host`) and then swaps in the file URL (`OriginalUrl`); this
 * policy rewrites either, whichever runs first.
 */
export function recordingOriginPolicy(origin: string): PipelinePolicy {
  return {
    name: 'PivotalRecordingOrigin',
    sendRequest(request, next) {
      const original = request.headers.get('OriginalUrl');
      if (original) request.headers.set('OriginalUrl', rewrite(original, origin));
      request.url = rewrite(request.url, origin);
      return next(request);
    },
  };
}
