/** The pages' one stylesheet, served from /esia-emulator.css so the CSP needs no 'unsafe-inline'. */
export const ESIA_EMULATOR_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#e3e8ee;color:#0b1f33;font:16px/1.45 Lato,Arial,'Helvetica Neue',sans-serif}
main{max-width:440px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:16px;padding:24px 20px;box-shadow:0 1px 4px rgba(11,31,51,.1);margin-bottom:16px}
.logo{font-size:28px;font-weight:700;letter-spacing:-.5px;text-align:center;margin:8px 0 4px}
.logo .gos{color:#0d4cd3}.logo .uslugi{color:#ee3f58}
.badge{display:block;text-align:center;font-size:13px;color:#4a5560;margin-bottom:16px}
h1{font-size:22px;margin:0 0 16px;text-align:center}
h2{font-size:17px;margin:0 0 12px}
label{display:block;font-size:14px;color:#66727f;margin:12px 0 4px}
input[type=text],input[type=password]{width:100%;font:inherit;padding:12px;border:1px solid #b9c1ca;border-radius:8px}
input:focus,button:focus{outline:3px solid #9bbcf9;outline-offset:1px}
button{width:100%;font:inherit;font-weight:600;padding:13px 16px;border-radius:8px;border:0;cursor:pointer;margin-top:16px}
.primary{background:#0d4cd3;color:#fff}.primary:hover{background:#0b43bb}
.secondary{background:#fff;color:#0d4cd3;border:1px solid #0d4cd3}
.persona{display:block;text-align:left;background:#f5f7fa;color:#0b1f33;border:1px solid #e3e8ee;margin-top:8px;font-weight:400}
.persona strong{display:block;font-weight:600}.persona small{display:block;color:#66727f}
.alert{background:#fee9ec;color:#a4001d;border-radius:8px;padding:12px;margin-bottom:12px}
.note{font-size:14px;color:#66727f}
ul.rights{padding-left:20px;margin:8px 0 0}ul.rights li{margin:6px 0}
.who{font-size:14px;color:#66727f;text-align:center}
a{color:#0d4cd3}
.code{font-family:monospace;font-size:14px}
`;
