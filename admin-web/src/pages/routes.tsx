import type { ReactNode } from 'react';
import { ResourceTable } from '../components/resource-table.tsx';
import { tx, type Text } from '../i18n/text.ts';
import { captchaScene } from '../resources/captcha.ts';
import { smsLogs, smsReports, fileDetails } from '../resources/logs-files.ts';
import { audit, inbox, outbox } from '../resources/messages.ts';
import { bizType, channelMapping, channelType, deviceType, sendType, template } from '../resources/platform.ts';
import { blacklist, emailDomain, filterStrategy, filterStrategyRel, interceptRecords, interceptedRequests, whitelist } from '../resources/protection.ts';
import { channel, parameter, switchLogs } from '../resources/system.ts';
import type { Resource } from '../resources/types.ts';
import { CaptchaRecordsPage } from './captcha-records-page.tsx';
import { DashboardPage, dashboardTitle } from './dashboard-page.tsx';
import { DictPage } from './dict-page.tsx';
import { DispatchConfigsPage } from './dispatch-configs-page.tsx';
import { DlqPage, dlqTitle } from './dlq-page.tsx';
import { ProvidersPage, providersTitle } from './providers-page.tsx';
import { FileRequestsPage } from './files-page.tsx';
import { ImportPage } from './import-page.tsx';
import { InstitutionsPage } from './institutions-page.tsx';
import { RequestsPage } from './requests-page.tsx';
import { SendRecordsPage } from './send-records-page.tsx';
import { CallbacksPage, callbacksTitle } from './callbacks-page.tsx';
import { SuppressionsPage, suppressionsTitle } from './suppressions-page.tsx';
import { UpstreamPage, upstreamTitle } from './upstream-page.tsx';

// The menu: the seed's ten modules in its order, then the platform's own pages. This list is the one
// registration of a page: add `table(path, resource)` or `page(path, title, render)` to a group (or a
// new group; its icon in menu-icons.tsx). The side menu, page titles and the browser tests' page
// crawl (test/e2e/pages.ts) follow from it.

export interface PageRoute {
  path: string;
  title: Text;
  render: () => ReactNode;
}
export interface MenuGroup {
  path: string;
  title: Text;
  pages: PageRoute[];
}

const table = (path: string, resource: Resource): PageRoute => ({ path, title: resource.title, render: () => <ResourceTable key={path} resource={resource} /> });
const page = (path: string, title: Text, render: () => ReactNode): PageRoute => ({ path, title, render });

export const home = page('/', dashboardTitle, () => <DashboardPage />);

export const menu: MenuGroup[] = [
  {
    path: '/platform',
    title: tx('消息平台设置', 'Platform settings'),
    pages: [
      table('/platform/biz-types', bizType),
      table('/platform/channel-types', channelType),
      table('/platform/channel-mappings', channelMapping),
      table('/platform/templates', template),
      table('/platform/send-types', sendType),
      page('/platform/dispatch-configs', tx('消息派发配置', 'Dispatch configurations'), () => <DispatchConfigsPage />),
      table('/platform/device-types', deviceType),
    ],
  },
  {
    path: '/captcha',
    title: tx('验证码设置', 'Captcha'),
    pages: [table('/captcha/scenes', captchaScene), page('/captcha/records', tx('验证码发送记录', 'Captcha send records'), () => <CaptchaRecordsPage />)],
  },
  { path: '/requests', title: tx('消息请求记录', 'Message requests'), pages: [page('/requests/list', tx('消息请求记录', 'Message requests'), () => <RequestsPage />)] },
  { path: '/sends', title: tx('消息发送记录', 'Send records'), pages: [page('/sends/list', tx('消息发送记录', 'Send records'), () => <SendRecordsPage />)] },
  { path: '/users', title: tx('用户消息', 'User messages'), pages: [table('/users/inbox', inbox)] },
  {
    path: '/system',
    title: tx('系统管理', 'System'),
    pages: [
      page('/system/dict', tx('字典配置', 'Dictionary'), () => <DictPage />),
      table('/system/channels', channel),
      table('/system/parameters', parameter),
      table('/system/switch-logs', switchLogs),
      page('/system/institutions', tx('系统标识 / API 密钥', 'Institutions / API keys'), () => <InstitutionsPage />),
      table('/system/audit', audit),
    ],
  },
  { path: '/manual', title: tx('手动发送管理', 'Manual sending'), pages: [page('/manual/imports', tx('导入请求', 'Import requests'), () => <ImportPage />)] },
  { path: '/sms', title: tx('短信平台发送日志', 'SMS platform logs'), pages: [table('/sms/logs', smsLogs), table('/sms/reports', smsReports), page('/sms/upstream', upstreamTitle, () => <UpstreamPage />)] },
  {
    path: '/protection',
    title: tx('发送拦截', 'Interception'),
    pages: [
      table('/protection/blacklist', blacklist),
      table('/protection/whitelist', whitelist),
      table('/protection/email-domains', emailDomain),
      table('/protection/intercept-records', interceptRecords),
      table('/protection/intercepted-requests', interceptedRequests),
      table('/protection/strategies', filterStrategy),
      table('/protection/strategy-links', filterStrategyRel),
      page('/protection/suppressions', suppressionsTitle, () => <SuppressionsPage />),
    ],
  },
  {
    path: '/files',
    title: tx('文件请求', 'File requests'),
    pages: [page('/files/requests', tx('文件请求记录', 'File requests'), () => <FileRequestsPage />), table('/files/details', fileDetails)],
  },
  {
    path: '/ops',
    title: tx('运维', 'Operations'),
    pages: [table('/ops/outbox', outbox), page('/ops/dlq', dlqTitle, () => <DlqPage />), page('/ops/providers', providersTitle, () => <ProvidersPage />), page('/ops/callbacks', callbacksTitle, () => <CallbacksPage />)],
  },
];

export const findPage = (pathname: string): PageRoute =>
  menu.flatMap((group) => group.pages).find((p) => p.path === pathname) ?? home;
