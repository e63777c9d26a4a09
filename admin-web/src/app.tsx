import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useCallback, useEffect, useState } from 'react';
import { meView } from '../../layers/contracts/admin.ts';
import { api, configureClient } from './api/client.ts';
import { cognitoSignOutUrl, finishCognitoSignIn } from './auth/cognito.ts';
import { PrincipalContext, type Principal } from './auth/principal.tsx';
import { session } from './auth/session.ts';
import { I18nProvider, useI18n } from './i18n/i18n.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { signInMode, type WebConfig } from './runtime-config.ts';
import { Shell } from './shell.tsx';
import { theme } from './theme.ts';

// Start-up: sign-in (local form or Cognito callback), then GET /api/admin/me decides which buttons show.

const Signed = ({ config }: { config: WebConfig }) => {
  const mode = signInMode(config);
  const [principal, setPrincipal] = useState<Principal>();
  const [state, setState] = useState<'checking' | 'signedOut' | 'in' | 'error'>('checking');
  const [failure, setFailure] = useState<string>();

  const signOut = useCallback(() => {
    session.clear();
    setPrincipal(undefined);
    setState('signedOut');
    if (mode.kind === 'cognito') window.location.assign(cognitoSignOutUrl(mode));
  }, [mode]);

  const loadMe = useCallback(async () => {
    try {
      setPrincipal(meView.parse(await api.get('/api/admin/me')));
      setState('in');
    } catch {
      session.clear();
      setState('signedOut');
    }
  }, []);

  useEffect(() => {
    configureClient({ baseUrl: config.apiUrl.replace(/\/$/, ''), token: session.token, onSignedOut: () => setState('signedOut') });
    (async () => {
      if (mode.kind === 'cognito') {
        const token = await finishCognitoSignIn(mode);
        if (token) session.save(token);
      }
      if (session.token()) await loadMe();
      else setState('signedOut');
    })().catch((error: Error) => {
      setFailure(error.message);
      setState('error');
    });
    // Runs once per loaded configuration (mode and loadMe derive from it).
  }, [config]);

  if (state === 'checking') return <Spin fullscreen />;
  if (state === 'error') return <Result status="error" title={failure} />;
  if (state === 'signedOut' || !principal)
    return (
      <LoginPage
        mode={mode}
        stage={config.stage}
        onToken={(token) => {
          session.save(token);
          void loadMe();
        }}
      />
    );
  return (
    <PrincipalContext.Provider value={principal}>
      <Shell stage={config.stage} onSignOut={signOut} />
    </PrincipalContext.Provider>
  );
};

const Localised = ({ config }: { config: WebConfig }) => {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={theme}>
      <AntApp>
        <Signed config={config} />
      </AntApp>
    </ConfigProvider>
  );
};

export const AdminApp = ({ config }: { config: WebConfig }) => (
  <I18nProvider>
    <Localised config={config} />
  </I18nProvider>
);
