import { validateRegister, ErrorCode } from '@fl/protocol';
import { ProtocolValidationPipe } from './protocol-validation.pipe';

describe(ProtocolValidationPipe.name, () => {
  const pipe = new ProtocolValidationPipe(validateRegister);

  it('refuses a bad message body with BAD_PAYLOAD listing every problem', () => {
    expect(() => pipe.transform({ protocolVersion: 'x', name: '' }, { type: 'body' })).toThrow(
      expect.objectContaining({ code: ErrorCode.BadPayload, message: expect.stringMatching(/protocolVersion.*; name.*; backend.*; dataset/) }),
    );
  });

  it('passes other parameters (socket, ack) through untouched', () => {
    const socket = { id: 's' };
    expect(pipe.transform(socket, { type: 'custom' })).toBe(socket);
  });
});
