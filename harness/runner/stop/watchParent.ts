/**
 * Calls `onGone` once when the process that started this one is gone: the parent changed (we were re-parented) or
 * the goldpath process named by GOLDPATH_PARENT_PID no longer exists. Polls every `intervalMs` without keeping the
 * process alive. Returns the function that stops watching.
 * @example const stop = watchParent(() => process.exit(137));
 */
export function watchParent(
  onGone: () => void,
  options: { intervalMs?: number; goldpathPid?: number } = {},
): () => void {
  const parent = process.ppid;
  const goldpath = options.goldpathPid ?? (Number(process.env.GOLDPATH_PARENT_PID) || undefined);
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  const timer = setInterval(() => {
    if (process.ppid === parent && (goldpath === undefined || alive(goldpath))) return;
    clearInterval(timer);
    onGone();
  }, options.intervalMs ?? 200);
  timer.unref();
  return () => clearInterval(timer);
}
