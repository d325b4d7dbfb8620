import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ApiError } from '../core/api-errors.ts';
import { parseApplyBody } from './request-body.ts';

const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'ns', labels: { 'app.kubernetes.io/name': 'x' } },
  data: {
    text: 'line 1\nline 2\t"quoted" \\ é \u0001',
    big: 12345678901234567000,
    tiny: 1e-7,
    t: true,
    n: null,
  },
};

describe('apply body decoding', () => {
  it('parseApplyBody – compact JSON decodes to what the YAML parser reads from it', () => {
    const text = JSON.stringify(configMap);
    expect(parseApplyBody(text)).toEqual(parseYaml(text));
    expect(parseApplyBody(text)).toEqual(configMap);
  });

  it('parseApplyBody – YAML and indented JSON are read as YAML', () => {
    expect(parseApplyBody('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm' },
    });
    expect(parseApplyBody(JSON.stringify(configMap, null, 2))).toEqual(configMap);
    expect(parseApplyBody('{kind: ConfigMap, metadata: {name: cm}}')).toEqual({
      kind: 'ConfigMap',
      metadata: { name: 'cm' },
    });
  });

  it('parseApplyBody – duplicate keys in JSON fail as YAML reports them, not last-one-wins', () => {
    const decode = () => parseApplyBody('{"kind":"ConfigMap","kind":"Secret"}');
    expect(decode).toThrow(ApiError);
    expect(decode).toThrow(/error decoding YAML: .*unique/i);
  });
});
