namespace Cordon.Server.Pages.Procedures;

/// <summary>
/// A procedure's text as blocks: "#" lines are headings, "- " lines list items, the rest paragraphs separated
/// by blank lines. The pages write each block as text (HTML-encoded), so no markup in a procedure ever runs.
/// </summary>
public static class ProcedureText
{
    public enum BlockKind { Heading, Item, Paragraph }

    public sealed record Block(BlockKind Kind, string Text);

    public static List<Block> Blocks(string? body)
    {
        var blocks = new List<Block>();
        var paragraph = new List<string>();
        void Flush()
        {
            if (paragraph.Count > 0)
            {
                blocks.Add(new Block(BlockKind.Paragraph, string.Join(" ", paragraph)));
                paragraph.Clear();
            }
        }
        foreach (var raw in (body ?? "").Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                Flush();
            }
            else if (line.StartsWith('#'))
            {
                Flush();
                blocks.Add(new Block(BlockKind.Heading, line.TrimStart('#').Trim()));
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal))
            {
                Flush();
                blocks.Add(new Block(BlockKind.Item, line[2..].Trim()));
            }
            else
            {
                paragraph.Add(line);
            }
        }
        Flush();
        return blocks;
    }
}
