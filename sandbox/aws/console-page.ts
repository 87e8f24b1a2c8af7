/**
 * One small page imitating the IAM Identity Center console's Settings screen, so a person exploring the
 * sandbox does the console-only steps by hand (each button calls the same /_sandbox/aws route a test uses).
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function consolePage(status: unknown): string {
  const state = esc(JSON.stringify(status, null, 2));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>IAM Identity Center — Settings (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f2f3f3;color:#16191f}header{background:#232f3e;color:#fff;padding:10px 20px;font-weight:600}
main{max-width:960px;margin:20px auto;padding:0 16px}section{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:16px;box-shadow:0 1px 3px #0002}
h2{font-size:18px;margin:0 0 8px}button{background:#ff9900;border:0;border-radius:16px;padding:6px 16px;font-weight:600;cursor:pointer}
textarea{width:100%;min-height:120px;font-family:monospace}pre{background:#f8f8f8;padding:10px;overflow:auto;max-height:320px}input{padding:4px}</style></head>
<body><header>aws · IAM Identity Center (sandbox console)</header><main>
<section><h2>1. Enable IAM Identity Center</h2><p>Organization instance — no API exists for this step.</p><button data-call="POST instance/enable">Enable</button></section>
<section><h2>2. Identity source → External identity provider</h2><p><a href="sp-metadata">Download metadata file</a> (service provider metadata).</p>
<label for="idp">IdP SAML metadata (paste the XML)</label><textarea id="idp"></textarea><p><label>Type ACCEPT to confirm <input id="accept"></label></p>
<button id="upload">Change identity source</button></section>
<section><h2>3. Automatic provisioning</h2><button data-call="POST provisioning/enable">Enable</button> <button data-call="POST provisioning/tokens">Generate token</button>
<button data-call="GET provisioning/tokens">List tokens</button> <label>Delete token id <input id="tok"></label> <button id="del">Delete</button>
<p>The access token is shown once, in the result below.</p></section>
<section><h2>Result</h2><pre id="out"></pre><h2>Current state</h2><pre>${state}</pre></section></main>
<script>
const out=document.getElementById("out");
async function call(method,path,body){const r=await fetch(path,{method,headers:{"content-type":"application/json"},body:body?JSON.stringify(body):undefined});out.textContent=r.status+" "+await r.text();}
document.querySelectorAll("[data-call]").forEach(b=>b.addEventListener("click",()=>{const [m,p]=b.dataset.call.split(" ");call(m,p);}));
document.getElementById("upload").addEventListener("click",()=>call("POST","identity-source",{type:"EXTERNAL_IDP",metadataXml:document.getElementById("idp").value,confirm:document.getElementById("accept").value}));
document.getElementById("del").addEventListener("click",()=>call("DELETE","provisioning/tokens/"+encodeURIComponent(document.getElementById("tok").value)));
</script></body></html>`;
}
