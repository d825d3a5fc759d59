export * from './l2-norm';
export * from './adaptive-bound';
export * from './update-bound';
