import { it } from 'vitest';
import { createTestApp } from './harness.js';

it('explore', async () => {
  const t = await createTestApp();
  const doc = t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>> };
  const out: string[] = [];
  const loose = (s: unknown, p: string, acc: string[]) => {
    if (!s || typeof s !== 'object') return;
    const o = s as Record<string, unknown>;
    if (o.type === 'object' && o.additionalProperties !== false) acc.push(`${p} (ap=${JSON.stringify(o.additionalProperties)})`);
    for (const [k, v] of Object.entries(o)) {
      if (Array.isArray(v)) v.forEach((x, i) => loose(x, `${p}.${k}[${i}]`, acc));
      else if (typeof v === 'object') loose(v, `${p}.${k}`, acc);
    }
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const content = op.requestBody?.content;
      if (!content) continue;
      for (const [ct, c] of Object.entries(content)) {
        const acc: string[] = [];
        loose(c.schema, '', acc);
        out.push(`${m.toUpperCase()} ${path} ${ct} ${acc.length ? 'LOOSE ' + acc.join(' | ') : 'strict'}`);
      }
    }
  }
  console.log(out.join('\n'));
  await t.close();
});
