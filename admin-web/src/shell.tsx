import { LogoutOutlined, TranslationOutlined } from '@ant-design/icons';
import { PageContainer, ProLayout } from '@ant-design/pro-components';
import { Button, Space, Tooltip } from 'antd';
import { useEffect } from 'react';
import { wordsFor } from './i18n/enums.ts';
import { ToneTag } from './components/status-tag.tsx';
import { usePrincipal } from './auth/principal.tsx';
import { useNarrow } from './components/use-narrow.ts';
import { useI18n } from './i18n/i18n.tsx';
import { ui } from './i18n/text.ts';
import { menuIcon } from './pages/menu-icons.tsx';
import { findPage, home, menu } from './pages/routes.tsx';
import { navigate, usePathname } from './router.ts';

// The admin centre's frame: the seed's modules in the side menu, who is signed in and the language
// switch in the header.
export const Shell = ({ stage, onSignOut }: { stage: string; onSignOut: () => void }) => {
  const { t, lang, setLang } = useI18n();
  const principal = usePrincipal();
  const pathname = usePathname();
  const current = findPage(pathname);
  // On a phone the header keeps icons only (the menu is a drawer there, ProLayout's own).
  const narrow = useNarrow();
  // ProLayout's mix layout draws an empty placeholder <header> under the fixed one: one banner landmark only.
  useEffect(() => {
    document.querySelectorAll('header.ant-layout-header').forEach((header) => {
      if (header.childElementCount === 0) header.setAttribute('role', 'presentation');
    });
  });
  return (
    <ProLayout
      title={t(ui.appTitle)}
      logo={false}
      layout="mix"
      fixSiderbar
      // The menu stays open on laptop screens; ProLayout's default breakpoint folds it to initials.
      breakpoint={false}
      token={{ pageContainer: { paddingInlinePageContainerContent: narrow ? 8 : 40, paddingBlockPageContainerContent: narrow ? 8 : 32 } }}
      defaultCollapsed={false}
      location={{ pathname: current.path }}
      route={{
        path: '/',
        routes: [
          { path: home.path, name: t(home.title), icon: menuIcon(home.path) },
          // A module with one page is a menu item of its own, not a folder of one.
          ...menu.map((group) =>
            group.pages.length === 1
              ? { path: group.pages[0]!.path, name: t(group.title), icon: menuIcon(group.path) }
              : { path: group.path, name: t(group.title), icon: menuIcon(group.path), routes: group.pages.map((p) => ({ path: p.path, name: t(p.title) })) },
          ),
        ],
      }}
      menu={{ defaultOpenAll: false, type: 'sub' }}
      menuItemRender={(item, dom) => (
        <a
          href={item.path}
          onClick={(event) => {
            event.preventDefault();
            if (item.path) navigate(item.path);
          }}
        >
          {dom}
        </a>
      )}
      actionsRender={() => [
        <Space key="who" data-testid="who" size={4}>
          {!narrow && <ToneTag tone="busy">{stage}</ToneTag>}
          <span>{principal.username}</span>
          {!narrow && <ToneTag tone={principal.role === 'admin' ? 'bad' : principal.role === 'operator' ? 'warn' : 'neutral'}>{t(wordsFor('role', principal.role) ?? { zh: principal.role, en: principal.role })}</ToneTag>}
        </Space>,
        <Tooltip key="lang" title={narrow ? t(ui.language) : undefined}>
          <Button type="text" icon={<TranslationOutlined />} aria-label={t(ui.language)} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {narrow ? null : t(ui.language)}
          </Button>
        </Tooltip>,
        <Tooltip key="out" title={narrow ? t(ui.signOut) : undefined}>
          <Button type="text" icon={<LogoutOutlined />} aria-label={t(ui.signOut)} onClick={onSignOut}>
            {narrow ? null : t(ui.signOut)}
          </Button>
        </Tooltip>,
      ]}
    >
      <PageContainer title={t(current.title)} key={`${current.path}:${lang}`}>
        {current.render()}
      </PageContainer>
    </ProLayout>
  );
};
