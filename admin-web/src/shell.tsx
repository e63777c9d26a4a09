import { LogoutOutlined, TranslationOutlined } from '@ant-design/icons';
import { PageContainer, ProLayout } from '@ant-design/pro-components';
import { Button, Space, Tag } from 'antd';
import { usePrincipal } from './auth/principal.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { ui } from './i18n/text.ts';
import { findPage, home, menu } from './pages/routes.tsx';
import { navigate, usePathname } from './router.ts';

// The admin centre's frame: the seed's modules in the side menu, who is signed in and the language
// switch in the header.
export const Shell = ({ stage, onSignOut }: { stage: string; onSignOut: () => void }) => {
  const { t, lang, setLang } = useI18n();
  const principal = usePrincipal();
  const pathname = usePathname();
  const current = findPage(pathname);
  return (
    <ProLayout
      title={t(ui.appTitle)}
      logo={false}
      layout="mix"
      fixSiderbar
      // The menu stays open on laptop screens; ProLayout's default breakpoint folds it to initials.
      breakpoint={false}
      defaultCollapsed={false}
      location={{ pathname: current.path }}
      route={{
        path: '/',
        routes: [
          { path: home.path, name: t(home.title) },
          // A module with one page is a menu item of its own, not a folder of one.
          ...menu.map((group) =>
            group.pages.length === 1
              ? { path: group.pages[0]!.path, name: t(group.title) }
              : { path: group.path, name: t(group.title), routes: group.pages.map((p) => ({ path: p.path, name: t(p.title) })) },
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
        <Space key="who" data-testid="who">
          <Tag color="blue">{stage}</Tag>
          <span>{principal.username}</span>
          <Tag color={principal.role === 'admin' ? 'red' : principal.role === 'operator' ? 'orange' : 'default'}>{principal.role}</Tag>
        </Space>,
        <Button key="lang" type="text" icon={<TranslationOutlined />} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t(ui.language)}
        </Button>,
        <Button key="out" type="text" icon={<LogoutOutlined />} onClick={onSignOut}>
          {t(ui.signOut)}
        </Button>,
      ]}
    >
      <PageContainer title={t(current.title)} key={`${current.path}:${lang}`}>
        {current.render()}
      </PageContainer>
    </ProLayout>
  );
};
