import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Lang, Text } from './text.ts';

// Chinese by default (the operators' language); the choice is remembered in this browser.
const STORAGE_KEY = 'msgplat.lang';

interface I18n {
  lang: Lang;
  t: (text: Text) => string;
  setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18n>({ lang: 'zh', t: (text) => text.zh, setLang: () => undefined });

export const initialLang = (): Lang => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh');

export const I18nProvider = ({ children, onChange }: { children: ReactNode; onChange?: (lang: Lang) => void }) => {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback(
    (next: Lang) => {
      localStorage.setItem(STORAGE_KEY, next);
      setLangState(next);
      onChange?.(next);
    },
    [onChange],
  );
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (text) => text[lang] }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
};

export const useI18n = () => useContext(I18nContext);
