import { packInputs, PredictInputError } from './predict-input';

describe(packInputs.name, () => {
  it('packs nested examples of the input shape', () => {
    const { data, batch } = packInputs([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], [2, 2], 4);
    expect(batch).toBe(2);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('accepts flat examples of the right size and mixes them with nested ones', () => {
    const { data } = packInputs([[1, 2, 3, 4], [[5, 6], [7, 8]]], [2, 2], 4);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it.each([
    [{ inputs: 1 }, 'inputs must be an array'],
    [[], 'inputs is empty'],
    [[[1, 2, 3]], 'inputs[0] has length 3, expected 2 (the model\'s input shape is [2,2])'],
    [[[[1, 2], [3]]], 'inputs[0][1] has length 1, expected 2'],
    [[[[1, 2], [3, 'x']]], 'inputs[0][1][1] must be a number (got string)'],
    [[[[1, 2], [3, null]]], 'inputs[0][1][1] must be a number (got null)'],
    [[[1, 2, 3, NaN]], 'inputs[0][3] must be finite (got NaN)'],
    [[[[1, 2], [3, Infinity]]], 'inputs[0][1][1] must be finite (got Infinity)'],
    [[5], 'inputs[0] must be an array of length 2'],
  ])('refuses %j with a message naming the problem', (inputs, message) => {
    expect(() => packInputs(inputs, [2, 2], 4)).toThrow(expect.objectContaining({ message: expect.stringContaining(message), tooLarge: false }));
  });

  it('refuses a batch over the limit as too large', () => {
    let err: unknown;
    try {
      packInputs([[1], [2], [3]], [1], 2);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PredictInputError);
    expect(err).toMatchObject({ tooLarge: true, message: 'inputs has 3 examples; the largest batch is 2' });
  });
});

describe('inputsOf', () => {
  it('returns inputs and refuses other shapes of body', async () => {
    const { inputsOf } = await import('./predict-input');
    expect(inputsOf({ inputs: [[1]] })).toEqual([[1]]);
    expect(() => inputsOf([1])).toThrow('the body must be a JSON object');
    expect(() => inputsOf({ inputs: [], x: 1 })).toThrow('property x should not exist');
    expect(() => inputsOf({})).toThrow('inputs is required');
  });
});
