import { describe, expect, it } from 'vitest';
import { mapJsonStrings, rawLastMemberText, rawMemberText, rawResultTexts } from '../../src/shared/arthas/raw-results';

describe('raw result texts', () => {
  it('cuts each result out of an answer exactly as sent', () => {
    const answer = '{"state":"SUCCEEDED","body":{"results":[ {"type":"a","n":9223372036854775807} ,{"type":"b","s":"]},\\"x"}]},"sessionId":"s"}';
    expect(rawResultTexts(answer)).toEqual(['{"type":"a","n":9223372036854775807}', '{"type":"b","s":"]},\\"x"}']);
    expect(rawResultTexts('{"state":"SUCCEEDED"}')).toEqual([]);
    expect(rawResultTexts('{"state":"SUCCEEDED","body":{"results":[]}}')).toEqual([]);
  });

  it('finds a member whether or not it is last, and never a nested one', () => {
    const line = '{"t":"result","pos":1,"result":{"type":"tt","x":{"result":1},"result":{"c":"},\\"result\\":2"}}}';
    const expected = '{"type":"tt","x":{"result":1},"result":{"c":"},\\"result\\":2"}}';
    expect(rawLastMemberText(line, 'result')).toBe(expected);
    expect(rawMemberText(line, 'result')).toBe(expected);
    const notLast = '{"result":{"type":"a"},"pos":2}';
    expect(rawLastMemberText(notLast, 'result')).toBe('{"type":"a"}');
  });

  it('rewrites string values only, keeping numbers and layout', () => {
    expect(mapJsonStrings('{"k": "abc", "n": 12345678901234567890}', (v, isKey) => (isKey ? v : v.toUpperCase()))).toBe('{"k": "ABC", "n": 12345678901234567890}');
  });
});
