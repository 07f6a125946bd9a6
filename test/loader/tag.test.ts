// The one inline-tag builder behind cartbeacon/snippet and the demo pages (pure).
import { describe, expect, it } from 'vitest';
import { inlineJson, snippetTag } from '../../src/loader/tag.js';

describe('snippetTag(source, apiKey, options)', () => {
  it('is the loader and richpanel.load(key) in one tag, with the options as JSON when there are any', () => {
    expect(snippetTag('/*loader*/', 'KEY')).toBe('<script>/*loader*/richpanel.load("KEY");</script>');
    expect(snippetTag('/*l*/', 'KEY', { host: 'http://localhost:8787', src: undefined, messenger: true })).toBe(
      '<script>/*l*/richpanel.load("KEY",{"host":"http://localhost:8787","messenger":true});</script>',
    );
  });

  it('escapes </script>, <!-- and line separators in the key and the options', () => {
    const tag = snippetTag('', '</script><!--\u2028', { host: '</script>' });
    expect(tag.match(/<\/script/gi)).toHaveLength(1);
    expect(tag).not.toContain('<!--');
    expect(tag).not.toContain('\u2028');
    expect(JSON.parse(/load\((.*)\);</.exec(tag)![1]!.split(',{')[0]!)).toBe('</script><!--\u2028');
  });

  it('puts the nonce on the tag with only nonce characters, and passes it to load()', () => {
    const tag = snippetTag('', 'KEY', { nonce: 'a" onload="alert(1)' });
    expect(tag.startsWith('<script nonce="aonload=alert1">')).toBe(true);
    expect(tag).toContain('"nonce":"a\\" onload=\\"alert(1)"');
  });

  it('inlineJson escapes <, > and & as \\u escapes that parse back to the same value', () => {
    const value = { k: '<b>&</b>' };
    expect(inlineJson(value)).toBe('{"k":"\\u003cb\\u003e\\u0026\\u003c/b\\u003e"}');
    expect(JSON.parse(inlineJson(value))).toEqual(value);
  });
});
