export * from './defaults';
export * from './environment';
