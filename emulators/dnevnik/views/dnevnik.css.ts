/** The pages' one stylesheet, served from /dnevnik.css so the CSP needs no 'unsafe-inline'. */
export const DNEVNIK_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f2f4f7;color:#222;font:16px/1.45 Arial,'Helvetica Neue',sans-serif}
header{background:#1d64b5;color:#fff;padding:10px 16px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px}
header .brand{font-size:22px;font-weight:700;color:#fff;text-decoration:none}
header .brand span{color:#ffd43b}
header nav{display:flex;flex-wrap:wrap;gap:8px 16px;margin-left:auto;align-items:center}
header nav a{color:#fff}
header form{margin:0}
header button{width:auto;margin:0;padding:6px 12px;background:transparent;color:#fff;border:1px solid #fff}
main{max-width:720px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:8px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.12);margin-bottom:16px}
.narrow{max-width:420px;margin-left:auto;margin-right:auto}
.badge{display:block;text-align:center;font-size:13px;color:#525c67;margin:0 0 12px}
h1{font-size:24px;margin:0 0 16px}
h2{font-size:18px;margin:0 0 12px}
label{display:block;font-size:14px;color:#555;margin:12px 0 4px}
input[type=text],input[type=password]{width:100%;font:inherit;padding:11px;border:1px solid #b8c0ca;border-radius:6px}
input:focus,button:focus,a:focus{outline:3px solid #9cc3f5;outline-offset:1px}
button,.button{display:block;width:100%;text-align:center;font:inherit;font-weight:700;padding:12px 16px;border-radius:6px;border:0;cursor:pointer;margin-top:16px;text-decoration:none}
.primary{background:#1d64b5;color:#fff}
.esia{background:#fff;color:#0d4cd3;border:2px solid #0d4cd3}
.secondary{background:#fff;color:#1d64b5;border:1px solid #1d64b5}
.alert{background:#fdecea;color:#a61b1b;border-radius:6px;padding:12px;margin:0 0 12px}
.success{background:#e7f6ec;color:#17652f;border-radius:6px;padding:12px;margin:0 0 12px}
.note{font-size:14px;color:#6b7480}
dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0}
dt{color:#6b7480}dd{margin:0}
ul.plain{list-style:none;padding:0;margin:0}ul.plain li{padding:8px 0;border-bottom:1px solid #eef0f3}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #eef0f3;padding:6px 4px;text-align:left;overflow-wrap:anywhere}
@media (max-width:400px){main{padding:12px 8px}.card{padding:16px 12px}}
a{color:#1d64b5}
`;
