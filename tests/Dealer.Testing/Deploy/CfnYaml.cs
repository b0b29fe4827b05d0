namespace Dealer.Testing.Deploy;

/// <summary>
/// A reader for the YAML subset of <c>deploy/cloudformation.yaml</c>: block mappings and lists by indentation,
/// plain and quoted scalars, flow lists of scalars, folded/literal blocks, comments. CloudFormation tags stay in the
/// scalar (<c>!Sub "${NamePrefix}dealer-deals"</c> reads as <c>!Sub ${NamePrefix}dealer-deals</c>); a tag alone on
/// its line, followed by a block (<c>- !If</c> over its condition, value and alternative), reads as a one-entry
/// mapping from the tag to the block. Anything else throws, so that the template cannot drift into syntax this test
/// misreads. Shared by the template tests of Dealer.Store.Tests and the command tests of Dealer.Service.Tests.
/// </summary>
internal static class CfnYaml
{
    public static Dictionary<string, object?> Parse(string text)
    {
        var lines = text.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Select(StripComment)
            .Where(l => l.Trim().Length > 0)
            .Select(l => new Line(l.Length - l.TrimStart(' ').Length, l.Trim()))
            .ToList();
        var index = 0;
        var root = ParseBlock(lines, ref index, 0);
        if (index != lines.Count)
        {
            throw new FormatException($"Unexpected line: {lines[index].Text}");
        }

        return root as Dictionary<string, object?> ?? throw new FormatException("The template is not a mapping.");
    }

    private static object ParseBlock(List<Line> lines, ref int index, int indent) =>
        lines[index].Text.StartsWith('-') ? ParseList(lines, ref index, indent) : ParseMapping(lines, ref index, indent);

    private static Dictionary<string, object?> ParseMapping(List<Line> lines, ref int index, int indent)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (index < lines.Count && lines[index].Indent == indent && !lines[index].Text.StartsWith('-'))
        {
            var text = lines[index].Text;
            var colon = KeySeparator(text);
            var key = Unquote(text[..colon]);
            var rest = text[(colon + 1)..].Trim();
            index++;
            if (rest.Length == 0)
            {
                // A nested block, or a list at the key's own indentation (allowed in YAML).
                map.Add(key, index < lines.Count && (lines[index].Indent > indent || (lines[index].Indent == indent && lines[index].Text.StartsWith('-')))
                    ? ParseBlock(lines, ref index, lines[index].Indent)
                    : null);
            }
            else if (IsBareTag(rest) && index < lines.Count && lines[index].Indent > indent)
            {
                map.Add(key, Tagged(rest, lines, ref index));
            }
            else if (rest is ">" or "|" or ">-" or "|-")
            {
                var block = new List<string>();
                while (index < lines.Count && lines[index].Indent > indent)
                {
                    block.Add(lines[index++].Text);
                }

                map.Add(key, string.Join(rest.StartsWith('>') ? " " : "\n", block));
            }
            else
            {
                map.Add(key, Scalar(rest));
            }
        }

        if (index < lines.Count && lines[index].Indent > indent)
        {
            throw new FormatException($"Bad indentation at: {lines[index].Text}");
        }

        return map;
    }

    private static List<object?> ParseList(List<Line> lines, ref int index, int indent)
    {
        var list = new List<object?>();
        while (index < lines.Count && lines[index].Indent == indent && lines[index].Text.StartsWith('-'))
        {
            var content = lines[index].Text[1..].TrimStart();
            if (content.Length == 0)
            {
                index++;
                list.Add(ParseBlock(lines, ref index, lines[index].Indent));
            }
            else if (IsBareTag(content) && index + 1 < lines.Count && lines[index + 1].Indent > indent)
            {
                index++;
                list.Add(Tagged(content, lines, ref index));
            }
            else if (IsMappingEntry(content))
            {
                // "- key: value" opens a mapping whose keys sit two columns further in.
                lines[index] = new Line(indent + 2, content);
                list.Add(ParseMapping(lines, ref index, indent + 2));
            }
            else
            {
                index++;
                list.Add(Scalar(content));
            }
        }

        return list;
    }

    private static bool IsBareTag(string text) => text.StartsWith('!') && !text.Contains(' ', StringComparison.Ordinal);

    private static Dictionary<string, object?> Tagged(string tag, List<Line> lines, ref int index) =>
        new(StringComparer.Ordinal) { [tag] = ParseBlock(lines, ref index, lines[index].Indent) };

    private static object? Scalar(string text)
    {
        if (text.StartsWith('!'))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 ? text : text[..space] + " " + Unquote(text[(space + 1)..].Trim());
        }

        if (text.StartsWith('['))
        {
            return text.Trim('[', ']').Split(',').Select(s => (object?)Unquote(s.Trim())).ToList();
        }

        if (text.StartsWith('{'))
        {
            throw new FormatException($"Flow mappings are outside the supported subset: {text}");
        }

        return Unquote(text);
    }

    private static bool IsMappingEntry(string text) =>
        !text.StartsWith('"') && !text.StartsWith('\'') && !text.StartsWith('!') && FindKeySeparator(text) >= 0;

    private static int KeySeparator(string text) =>
        FindKeySeparator(text) is var at and >= 0 ? at : throw new FormatException($"Expected 'key: value': {text}");

    private static int FindKeySeparator(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ':' && (i == text.Length - 1 || text[i + 1] == ' '))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && ((text[0] == '"' && text[^1] == '"') || (text[0] == '\'' && text[^1] == '\'')) ? text[1..^1] : text;

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }

    private readonly record struct Line(int Indent, string Text);
}
