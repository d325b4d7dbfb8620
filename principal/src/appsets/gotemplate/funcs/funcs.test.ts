import { describe, expect, it } from 'vitest';
import { renderGoTemplate } from '../index.ts';
import { decimalOp } from './decimal.ts';
import { durationString, parseDuration } from './go-duration.ts';
import { hex, sha1, sha256 } from './hashes.ts';
import { toYaml } from './yaml-emit.ts';
import { fromJs, utf8 } from '../values.ts';

const r = (t: string, data: unknown = {}): string => renderGoTemplate(t, data);

describe('sprig and Argo CD functions beyond the peer suite', () => {
  it('hashes match the FIPS test vectors', () => {
    expect(hex(sha1(utf8('')))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('float math goes through decimals so 0.1 + 0.2 is 0.3', () => {
    expect(decimalOp(0.1, [0.2], 'add')).toBe(0.3);
    expect(decimalOp(1, [3], 'div')).toBe(0.3333333333333333);
  });

  it('durations parse and print like Go', () => {
    expect(durationString(parseDuration('1h30m0.5s'))).toBe('1h30m0.5s');
    expect(durationString(parseDuration('1500us'))).toBe('1.5ms');
    expect(() => parseDuration('3 days')).toThrow('time: unknown unit " days" in duration "3 days"');
  });

  it('toYaml writes lists of maps with go-yaml indentation and quotes YAML 1.1 look-alikes', () => {
    expect(toYaml(fromJs({ items: [{ name: 'a', on: true }, { name: 'off' }] }))).toBe(
      'items:\n- name: a\n  "on": true\n- name: "off"',
    );
  });

  it('fromYaml reads YAML 1.1 booleans and turns keys into strings', () => {
    expect(r('{{ $m := fromYaml "yes: on\\n1: x" }}{{ index $m "true" }} {{ index $m "1" }}')).toBe('true x');
  });

  it('regexes accept RE2 POSIX classes and named groups', () => {
    expect(r('{{ regexReplaceAll `(?P<w>[[:alpha:]]+)-[[:digit:]]+` "ab-12 cd-3" "${w}" }}')).toBe('ab cd');
  });

  it('semver constraints support ranges, OR and prerelease rules', () => {
    expect(r('{{ semverCompare "1.2 - 1.4" "1.3.9" }} {{ semverCompare "<1 || >=2" "1.5.0" }}')).toBe(
      'true false',
    );
    expect(
      r('{{ semverCompare ">=1.0.0" "1.5.0-rc.1" }} {{ semverCompare ">=1.5.0-rc.0" "1.5.0-rc.1" }}'),
    ).toBe('false true');
  });

  it('slugify and normalize produce DNS-safe names', () => {
    expect(r('{{ normalize "My_App/Prod" }} {{ slugify 20 true "Feature/ADD new_thing & more" }}')).toBe(
      'my-app-prod feature-add-new',
    );
  });

  it('dict functions share maps by reference like sprig does', () => {
    expect(r('{{ $a := dict "x" 1 }}{{ $b := $a }}{{ $_ := set $b "y" 2 }}{{ $a }}')).toBe('map[x:1 y:2]');
  });

  it('functions that Outpost does not implement fail at execution with a clear message', () => {
    expect(() => r('{{ genCA "x" 365 }}')).toThrow("genCA is not supported by Outpost's template engine");
  });
});
