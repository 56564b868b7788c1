export * from './collections';
export * from './riskAlert';
export * from './productRecall';
export * from './contractTemplate';
export * from './consumerComplaint';
export * from './enterprise';
export * from './indexes';
