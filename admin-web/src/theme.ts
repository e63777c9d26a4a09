import type { ThemeConfig } from 'antd';

// antd's defaults fail WCAG AA contrast (white on #1677ff is 4.1:1, secondary text at 45% black is
// 2.8:1): the primary blue one step darker and muted text dark enough to read (≥ 4.5:1 on white and
// on the grey page background).
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorInfo: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorTextDisabled: 'rgba(0, 0, 0, 0.55)',
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
  },
};
