/** The pages' one stylesheet, served from /cop.css so the CSP needs no 'unsafe-inline'. */
export const COP_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f2f5f9;color:#1c2b39;font:16px/1.5 'PT Sans',Arial,sans-serif}
header{background:#00558c;color:#fff;padding:12px 16px}
header .brand{font-weight:700;font-size:17px;max-width:760px;margin:0 auto}
header .brand small{display:block;font-weight:400;font-size:13px;opacity:.85}
main{max-width:760px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:10px;padding:20px;box-shadow:0 1px 3px rgba(0,40,80,.12);margin-bottom:16px}
h1{font-size:22px;margin:0 0 12px}h2{font-size:18px;margin:0 0 10px}
a{color:#00558c}
.button{display:block;text-align:center;text-decoration:none;font:inherit;font-weight:700;padding:13px 16px;border-radius:8px;border:0;cursor:pointer;margin-top:12px;width:100%}
.gosuslugi{background:#0d4cd3;color:#fff}.primary{background:#00558c;color:#fff}
.secondary{background:#fff;color:#00558c;border:1px solid #00558c}
label{display:block;font-size:14px;color:#56687a;margin:12px 0 4px}
input[type=text],input[type=password],select,textarea{width:100%;font:inherit;padding:10px;border:1px solid #b8c4cf;border-radius:6px}
input:focus,select:focus,button:focus,a:focus{outline:3px solid #8fc1e8;outline-offset:1px}
.alert{background:#fdecea;color:#9b1c1c;border-radius:6px;padding:12px;margin-bottom:12px}
.ok{background:#e7f6ec;color:#17602f;border-radius:6px;padding:12px;margin-bottom:12px}
.note{font-size:14px;color:#56687a}
.warn{color:#9b1c1c;font-weight:700}
table{width:100%;border-collapse:collapse;font-size:15px}th,td{text-align:left;padding:8px 6px;border-bottom:1px solid #e1e7ed;vertical-align:top}
.status{font-size:13px;font-weight:700;padding:2px 8px;border-radius:10px;background:#e1e7ed;white-space:nowrap}
ul.plain{padding-left:20px}ul.plain li{margin:4px 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0}dt{color:#56687a}dd{margin:0}
@media (max-width:560px){table,thead,tbody,tr,th,td{display:block}thead{display:none}td{border:0;padding:2px 0}tr{border-bottom:1px solid #e1e7ed;padding:8px 0}}
`;
