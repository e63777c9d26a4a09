import { Drawer } from 'antd';
import type { Resource } from '../resources/types.ts';
import { ResourceTable } from './resource-table.tsx';

/** Records that belong to one row (a request's users, a file's lines), one click from the row. */
export const RelatedDrawer = ({ title, resource, query, onClose }: { title: string; resource: Resource; query: Record<string, string> | undefined; onClose: () => void }) => (
  <Drawer open={query !== undefined} onClose={onClose} width={960} title={title} destroyOnClose>
    {query && <ResourceTable resource={resource} fixedQuery={query} search={false} nested />}
  </Drawer>
);
