import { diaryCss } from '../../shared/diary.css';

/** The pages' one stylesheet, served from /dnevnik.css: Дневник.ру's blue, shadowed cards. */
export const DNEVNIK_CSS = diaryCss({
  font: "Arial,'Helvetica Neue',sans-serif",
  background: '#f2f4f7',
  text: '#222',
  accent: '#1d64b5',
  brandAccent: '#ffd43b',
  card: 'box-shadow:0 1px 3px rgba(0,0,0,.12)',
  cardRadius: '8px',
  radius: '6px',
  badge: '#525c67',
  label: '#555',
  muted: '#6b7480',
  inputBorder: '#b8c0ca',
  focus: '#9cc3f5',
  success: '#e7f6ec',
  rule: '#eef0f3',
  link: '#1d64b5',
  extra: `ul.plain{list-style:none;padding:0;margin:0}ul.plain li{padding:8px 0;border-bottom:1px solid #eef0f3}
td,th{overflow-wrap:anywhere}
@media (max-width:400px){main{padding:12px 8px}.card{padding:16px 12px}}
`,
});
