/** Writes a chunk and waits for the stream to drain when its buffer is full (back-pressure). */
export function writeChunk(out: NodeJS.WritableStream, chunk: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    out.once('error', onError);
    const ok = out.write(chunk, (err) => {
      if (err) reject(err);
    });
    const done = () => {
      out.removeListener('error', onError);
      resolve();
    };
    if (ok) done();
    else out.once('drain', done);
  });
}
