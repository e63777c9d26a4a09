import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { LoginForm, ProFormText } from '@ant-design/pro-components';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { localLogin } from '../auth/local-login.ts';
import { startCognitoSignIn } from '../auth/cognito.ts';
import { explainError } from '../components/explain-error.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ui } from '../i18n/text.ts';
import type { SignInMode } from '../runtime-config.ts';

// Local runs sign in against the runner's demo users; a deployed stage sends people to Cognito's Hosted UI.
export const LoginPage = ({ mode, stage, onToken }: { mode: SignInMode; stage: string; onToken: (token: string) => void }) => {
  const { t, lang, setLang } = useI18n();
  const [error, setError] = useState<string>();
  return (
    <div style={{ minHeight: '100vh', background: '#f0f2f5', paddingTop: 80 }}>
      <LoginForm
        title={t(ui.appTitle)}
        subTitle={`${stage}`}
        submitter={mode.kind === 'local' ? { searchConfig: { submitText: t(ui.signIn) } } : false}
        onFinish={async (values: { username: string; password: string }) => {
          try {
            onToken(await localLogin(values.username, values.password));
          } catch (e) {
            setError(`${t(ui.signInFailed)}: ${explainError(e, t)}`);
          }
        }}
        actions={
          <Button type="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t(ui.language)}
          </Button>
        }
      >
        {error && <Alert type="error" message={error} style={{ marginBottom: 16 }} />}
        {mode.kind === 'local' ? (
          <>
            <ProFormText name="username" fieldProps={{ size: 'large', prefix: <UserOutlined />, autoComplete: 'username' }} placeholder={t(ui.username)} rules={[{ required: true }]} />
            <ProFormText.Password name="password" fieldProps={{ size: 'large', prefix: <LockOutlined />, autoComplete: 'current-password' }} placeholder={t(ui.password)} rules={[{ required: true }]} />
          </>
        ) : (
          <Button type="primary" size="large" block onClick={() => void startCognitoSignIn(mode)}>
            {t(ui.signInWithCognito)}
          </Button>
        )}
      </LoginForm>
    </div>
  );
};
