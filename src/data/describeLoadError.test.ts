import { describe, expect, it } from 'vitest';
import { describeLoadError } from './describeLoadError.ts';

describe('describeLoadError', () => {
  it('describes an HTTP failure from an XMLHttpRequest-like object', () => {
    expect(describeLoadError({ readyState: 4, status: 404, statusText: 'Not Found' })).toBe(
      'HTTP 404 Not Found',
    );
    expect(describeLoadError({ error: { readyState: 4, status: 0, statusText: '' } })).toBe(
      'network error (no response)',
    );
  });

  it('explains parser messages in plain words', () => {
    expect(
      describeLoadError(
        'dicomParser.readPart10Header: DICM prefix not found at location 132 - this is not a valid DICOM P10 file.',
      ),
    ).toBe('not a DICOM Part-10 file (no DICM prefix)');
    expect(
      describeLoadError({
        error: new Error('dicomParser.readFixedString: attempt to read past end of buffer'),
      }),
    ).toMatch(/^file is truncated or corrupt/);
  });

  it('calls a short stream a truncated file', () => {
    expect(
      describeLoadError(
        new Error(
          'Stream has insufficient data: requested 524288 bytes at offset 1698, but only 173630 bytes available',
        ),
      ),
    ).toMatch(/^file is truncated or corrupt \(Stream has insufficient data/);
  });

  it('names an unsupported transfer syntax', () => {
    expect(describeLoadError(new Error('no decoder for transfer syntax 1.2.840.10008.1.2.4.100'))).toBe(
      'unsupported transfer syntax 1.2.840.10008.1.2.4.100',
    );
  });

  it('falls back to a generic text', () => {
    expect(describeLoadError(42)).toBe('unknown error');
    expect(describeLoadError({ message: 'boom' })).toBe('boom');
  });
});
