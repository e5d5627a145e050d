import autocannon from 'autocannon';

/** One autocannon run, bounded in time even if autocannon never finishes on its own. */
export function load(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err: Error | null, result: autocannon.Result) => {
      clearTimeout(guard);
      if (err) reject(err);
      else resolve(result);
    });
    const guard = setTimeout(() => instance.stop(), (Number(opts.duration ?? 10) + 30) * 1000);
  });
}
