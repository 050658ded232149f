/** The pages' one stylesheet, served from /eljur.css so the CSP needs no 'unsafe-inline'. */
export const ELJUR_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#eef3f6;color:#1f2a33;font:16px/1.45 'PT Sans',Arial,sans-serif}
header{background:#0b7a75;color:#fff;padding:10px 16px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px}
header .brand{font-size:22px;font-weight:700;color:#fff;text-decoration:none;letter-spacing:.5px}
header .brand span{color:#ffcf4a}
header nav{display:flex;flex-wrap:wrap;gap:8px 16px;margin-left:auto;align-items:center}
header nav a{color:#fff}
header form{margin:0}
header button{width:auto;margin:0;padding:6px 12px;background:transparent;color:#fff;border:1px solid #fff}
main{max-width:720px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:6px;padding:20px;border-top:4px solid #0b7a75;margin-bottom:16px}
.narrow{max-width:420px;margin-left:auto;margin-right:auto}
.badge{display:block;text-align:center;font-size:13px;color:#4d5a64;margin:0 0 12px}
h1{font-size:24px;margin:0 0 16px}
h2{font-size:18px;margin:0 0 12px}
label{display:block;font-size:14px;color:#4d5a64;margin:12px 0 4px}
input[type=text],input[type=password]{width:100%;font:inherit;padding:11px;border:1px solid #a9b7c1;border-radius:4px}
input:focus,button:focus,a:focus{outline:3px solid #7fd1cc;outline-offset:1px}
button,.button{display:block;width:100%;text-align:center;font:inherit;font-weight:700;padding:12px 16px;border-radius:4px;border:0;cursor:pointer;margin-top:16px;text-decoration:none}
.primary{background:#0b7a75;color:#fff}
.esia{background:#fff;color:#0d4cd3;border:2px solid #0d4cd3}
.secondary{background:#fff;color:#0b7a75;border:1px solid #0b7a75}
.alert{background:#fdecea;color:#a61b1b;border-radius:4px;padding:12px;margin:0 0 12px}
.success{background:#e4f5ec;color:#17652f;border-radius:4px;padding:12px;margin:0 0 12px}
.note{font-size:14px;color:#4d5a64}
.pair{white-space:nowrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0}
dt{color:#4d5a64}dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #e3e9ed;padding:6px 4px;text-align:left}
a{color:#0b6a66}
`;
