export * from './options';
export * from './startSystem';
export * from './developmentSecrets';
export * from './environment';
