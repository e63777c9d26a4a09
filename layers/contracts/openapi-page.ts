// GET /api/docs: a self-contained page (no CDN: deployments and laptops may be offline) that reads
// /api/openapi.json and shows each route, its request fields, responses and the retFlag table.

const script = String.raw`
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
let doc;
const deref = (s) => (s && s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s) || {};
const typeOf = (s) => {
  s = deref(s);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf || s.oneOf) return (s.anyOf || s.oneOf).map(typeOf).join(' | ');
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (s.type === 'array') return typeOf(s.items) + '[]';
  return s.type || 'object';
};
const limits = (s) => {
  s = deref(s);
  const inner = (s.anyOf || []).map(deref).find((x) => x.type !== 'null') || s;
  return ['maxLength', 'minLength', 'minItems', 'maxItems', 'pattern', 'format'].filter((k) => inner[k] !== undefined).map((k) => k + ' ' + inner[k]).join(', ');
};
const fields = (schema, prefix = '') => {
  const s = deref(schema);
  const rows = [];
  for (const [name, prop] of Object.entries(s.properties || {})) {
    const p = deref(prop);
    const path = prefix + name;
    rows.push('<tr><td><code>' + esc(path) + '</code></td><td>' + esc(typeOf(p)) + '</td><td>' + ((s.required || []).includes(name) ? 'Y' : '') +
      '</td><td>' + esc(limits(p)) + '</td><td>' + esc(p.description || (p.anyOf || []).map(deref).map((x) => x.description).find(Boolean) || '') +
      (p.example !== undefined ? ' <small>e.g. <code>' + esc(JSON.stringify(p.example)) + '</code></small>' : '') + '</td></tr>');
    const item = deref(p.type === 'array' ? p.items : (p.anyOf || []).map(deref).find((x) => x.properties) || p);
    if (item.properties) rows.push(...fields(item, path + (p.type === 'array' ? '[].' : '.')));
  }
  return rows;
};
const table = (rows) => rows.length ? '<table><tr><th>field</th><th>type</th><th>required</th><th>limits</th><th>description</th></tr>' + rows.join('') + '</table>' : '<p><i>none</i></p>';
fetch('/api/openapi.json').then((r) => r.json()).then((d) => {
  doc = d;
  const out = ['<h1>' + esc(d.info.title) + ' <small>' + esc(d.info.version) + '</small></h1><p>' + esc(d.info.description) + '</p>'];
  for (const [path, item] of Object.entries(d.paths)) {
    for (const [method, op] of Object.entries(item)) {
      out.push('<section><h2><span class="m ' + method + '">' + method.toUpperCase() + '</span> <code>' + esc(path) + '</code></h2><p><b>' + esc(op.summary) + '</b></p>');
      if (op.description) out.push('<p>' + esc(op.description) + '</p>');
      out.push('<p>auth: ' + (op.security ? esc(Object.keys(op.security[0]).join(', ')) + (op.security[0].apiKey ? ' (header <code>x-api-key</code>)' : '') : 'none') + '</p>');
      if (op.parameters && op.parameters.length) out.push('<h3>parameters</h3>' + table(op.parameters.map((p) => '<tr><td><code>' + esc(p.name) + '</code> (' + esc(p.in) + ')</td><td>' + esc(typeOf(p.schema)) + '</td><td>' + (p.required ? 'Y' : '') + '</td><td>' + esc(limits(p.schema)) + '</td><td>' + esc(p.description || '') + '</td></tr>')));
      const body = op.requestBody && op.requestBody.content['application/json'];
      if (body) out.push('<h3>request body</h3>' + table(fields(body.schema)));
      out.push('<h3>responses</h3><ul>');
      for (const [status, res] of Object.entries(op.responses)) {
        const schema = res.content && res.content['application/json'] && deref(res.content['application/json'].schema);
        const inner = schema && schema.properties && schema.properties.body;
        out.push('<li><b>' + esc(status) + '</b> ' + esc(res.description) + (status === '200' && inner && deref(inner).properties ? table(fields(inner, 'body.')) : '') + '</li>');
      }
      out.push('</ul></section>');
    }
  }
  out.push('<section><h2>retFlag</h2><table><tr><th>retFlag</th><th>code</th><th>HTTP</th></tr><tr><td>00000</td><td>SUCCESS 处理成功</td><td>200</td></tr>' +
    (d['x-retFlags'] || []).map((f) => '<tr><td>' + esc(f.retFlag) + '</td><td>' + esc(f.code) + '</td><td>' + esc(f.status) + '</td></tr>').join('') + '</table></section>');
  document.getElementById('app').innerHTML = out.join('');
}).catch((e) => { document.getElementById('app').textContent = 'Could not load /api/openapi.json: ' + e; });
`;

export const docsPage = (): string => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>消息平台 API</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}table{border-collapse:collapse;width:100%;margin:.5rem 0}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f5f5f5}
code{background:#f3f3f3;padding:0 .2rem}.m{color:#fff;border-radius:3px;padding:0 .4rem;font-size:.8em}
.get{background:#2a7ae2}.post{background:#2e9d4c}.put{background:#c98a00}.delete{background:#c62828}.patch{background:#6a1b9a}
</style></head><body><div id="app">加载中… (loading /api/openapi.json)</div>
<script>${script}</script></body></html>`;
