import { Popconfirm, Tooltip } from 'antd';

// A row action that is offered only where it can do something: otherwise it stays in place, greyed,
// and says why on hover or focus (a button that silently does nothing helps nobody).
export const ReasonedAction = ({ label, confirm, why, onConfirm }: { label: string; confirm: string; why: string | undefined; onConfirm: () => void }) =>
  why ? (
    <Tooltip title={why}>
      <a role="button" aria-disabled="true" tabIndex={0} aria-label={`${label}: ${why}`} style={{ color: '#6b6b6b', cursor: 'not-allowed' }}>
        {label}
      </a>
    </Tooltip>
  ) : (
    <Popconfirm title={confirm} onConfirm={onConfirm}>
      <a role="button" tabIndex={0}>
        {label}
      </a>
    </Popconfirm>
  );
