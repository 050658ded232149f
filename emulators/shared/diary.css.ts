/** The colours, font and shapes that tell one emulated diary from another; the rest of the sheet is common. */
export interface DiaryTheme {
  font: string;
  background: string;
  text: string;
  /** The header, primary buttons and outlines of secondary ones. */
  accent: string;
  /** The coloured part of the brand in the header. */
  brandAccent: string;
  /** What a card looks like besides its white background, e.g. a shadow or a coloured top border. */
  card: string;
  cardRadius: string;
  /** Inputs, buttons and messages. */
  radius: string;
  badge: string;
  label: string;
  /** Notes and the terms of definition lists. */
  muted: string;
  inputBorder: string;
  focus: string;
  success: string;
  /** Table rows' rule. */
  rule: string;
  link: string;
  /** Rules of this diary alone, after the common ones. */
  extra: string;
}

/**
 * A diary's one stylesheet, served from its own path so the CSP needs no 'unsafe-inline'. Mobile first: the
 * header wraps, forms take the full width of a narrow card.
 */
export function diaryCss(t: DiaryTheme): string {
  return `
*{box-sizing:border-box}
body{margin:0;background:${t.background};color:${t.text};font:16px/1.45 ${t.font}}
header{background:${t.accent};color:#fff;padding:10px 16px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px}
header .brand{font-size:22px;font-weight:700;color:#fff;text-decoration:none}
header .brand span{color:${t.brandAccent}}
header nav{display:flex;flex-wrap:wrap;gap:8px 16px;margin-left:auto;align-items:center}
header nav a{color:#fff}
header form{margin:0}
header button{width:auto;margin:0;padding:6px 12px;background:transparent;color:#fff;border:1px solid #fff}
main{max-width:720px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:${t.cardRadius};padding:20px;${t.card};margin-bottom:16px}
.narrow{max-width:420px;margin-left:auto;margin-right:auto}
.badge{display:block;text-align:center;font-size:13px;color:${t.badge};margin:0 0 12px}
h1{font-size:24px;margin:0 0 16px}
h2{font-size:18px;margin:0 0 12px}
label{display:block;font-size:14px;color:${t.label};margin:12px 0 4px}
input[type=text],input[type=password]{width:100%;font:inherit;padding:11px;border:1px solid ${t.inputBorder};border-radius:${t.radius}}
input:focus,button:focus,a:focus{outline:3px solid ${t.focus};outline-offset:1px}
button,.button{display:block;width:100%;text-align:center;font:inherit;font-weight:700;padding:12px 16px;border-radius:${t.radius};border:0;cursor:pointer;margin-top:16px;text-decoration:none}
.primary{background:${t.accent};color:#fff}
.esia{background:#fff;color:#0d4cd3;border:2px solid #0d4cd3}
.secondary{background:#fff;color:${t.accent};border:1px solid ${t.accent}}
.alert{background:#fdecea;color:#a61b1b;border-radius:${t.radius};padding:12px;margin:0 0 12px}
.success{background:${t.success};color:#17652f;border-radius:${t.radius};padding:12px;margin:0 0 12px}
.note{font-size:14px;color:${t.muted}}
dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:0}
dt{color:${t.muted}}dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid ${t.rule};padding:6px 4px;text-align:left}
a{color:${t.link}}
${t.extra}`;
}
