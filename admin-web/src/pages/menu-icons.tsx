import {
  AppstoreOutlined,
  CloudUploadOutlined,
  FileTextOutlined,
  FolderOutlined,
  HomeOutlined,
  InboxOutlined,
  MessageOutlined,
  SafetyOutlined,
  SendOutlined,
  SettingOutlined,
  StopOutlined,
  ToolOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

// The side menu's icons by group path (routes.tsx): shown beside each title, and alone when the menu
// is collapsed. A group without an entry gets a folder.
const ICONS: Record<string, ReactNode> = {
  '/': <HomeOutlined />,
  '/platform': <AppstoreOutlined />,
  '/captcha': <SafetyOutlined />,
  '/requests': <MessageOutlined />,
  '/sends': <SendOutlined />,
  '/users': <UserOutlined />,
  '/system': <SettingOutlined />,
  '/manual': <CloudUploadOutlined />,
  '/sms': <FileTextOutlined />,
  '/protection': <StopOutlined />,
  '/files': <InboxOutlined />,
  '/ops': <ToolOutlined />,
};

export const menuIcon = (groupPath: string): ReactNode => ICONS[groupPath] ?? <FolderOutlined />;
