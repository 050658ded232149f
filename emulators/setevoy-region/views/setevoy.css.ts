/** The pages' one stylesheet, served from /setevoy.css so the CSP needs no 'unsafe-inline'. */
export const SETEVOY_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#eef2f6;color:#1d2b36;font:16px/1.45 'Segoe UI',Arial,sans-serif}
header{background:#1f5f99;color:#fff;padding:12px 16px;display:flex;flex-wrap:wrap;gap:8px;justify-content:space-between;align-items:center}
header .product{font-weight:700;font-size:18px}header .tenant{font-size:13px;opacity:.85;display:block;font-weight:400}
header a{color:#fff}
main{max-width:560px;margin:0 auto;padding:16px}
.card{background:#fff;border:1px solid #d5dde5;border-radius:6px;padding:20px 16px;margin-bottom:16px}
.badge{display:block;text-align:center;font-size:13px;color:#5d6d7e;margin:8px 0}
h1{font-size:21px;margin:0 0 14px}h2{font-size:17px;margin:0 0 10px}
label{display:block;font-size:14px;color:#41505e;margin:12px 0 4px}
select,input[type=text],input[type=password]{width:100%;font:inherit;padding:10px;border:1px solid #aab6c2;border-radius:4px;background:#fff}
input:focus,select:focus,button:focus,a:focus{outline:3px solid #8fc1ee;outline-offset:1px}
button,.button{display:block;width:100%;text-align:center;font:inherit;font-weight:600;padding:12px 16px;border-radius:4px;border:0;cursor:pointer;margin-top:14px;text-decoration:none}
.primary{background:#1f68a6;color:#fff}.secondary{background:#fff;color:#1f5f99;border:1px solid #1f5f99}
.esia{background:#0d4cd3;color:#fff}
.muted,.note{font-size:14px;color:#5d6d7e}
.alert{background:#fdecea;color:#8a1c12;border-radius:4px;padding:12px;margin-bottom:12px}
.ok{background:#e7f5ea;color:#17602b;border-radius:4px;padding:12px;margin-bottom:12px}
dl{margin:0}dt{font-size:13px;color:#5d6d7e;margin-top:10px}dd{margin:0;font-weight:600}
ul.demo{list-style:none;padding:0;margin:0}ul.demo li{border-top:1px solid #e3e8ee;padding:8px 0;font-size:14px}
a{color:#1f5f99}
header form{margin:0}header button{width:auto;margin:0;padding:6px 12px}
`;
