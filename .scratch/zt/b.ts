export * from '../../layers/contracts/records.ts';
export * from '../../layers/contracts/delivery-reports.ts';
export * from '../../layers/contracts/send-message.ts';
