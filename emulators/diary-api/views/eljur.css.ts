import { diaryCss } from '../../shared/diary.css';

/** The pages' one stylesheet, served from /eljur.css: ЭлЖур's teal, cards with a coloured top. */
export const ELJUR_CSS = diaryCss({
  font: "'PT Sans',Arial,sans-serif",
  background: '#eef3f6',
  text: '#1f2a33',
  accent: '#0b7a75',
  brandAccent: '#ffcf4a',
  card: 'border-top:4px solid #0b7a75',
  cardRadius: '6px',
  radius: '4px',
  badge: '#4d5a64',
  label: '#4d5a64',
  muted: '#4d5a64',
  inputBorder: '#a9b7c1',
  focus: '#7fd1cc',
  success: '#e4f5ec',
  rule: '#e3e9ed',
  link: '#0b6a66',
  extra: `header .brand{letter-spacing:.5px}
.pair{white-space:nowrap}
`,
});
