/**
 * A signal that aborts when `parent` does or after `ms`, with a TimeoutError reason. Built from a
 * controller and a plain timer rather than `AbortSignal.any([…, AbortSignal.timeout()])`: on Node 20
 * the timeout signal inside `any` is only weakly held and can be collected before it fires, leaving
 * a hung request hung forever.
 */
export const withDeadline = (parent: AbortSignal, ms: number): { signal: AbortSignal; clear: () => void } => {
  const controller = new AbortController();
  const onParent = () => controller.abort(parent.reason);
  if (parent.aborted) onParent();
  else parent.addEventListener('abort', onParent, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException(`pas de réponse en ${ms} ms`, 'TimeoutError')), ms);
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    },
  };
};
