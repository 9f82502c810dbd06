using System.Text.RegularExpressions;
using Cordon.Tests.Support;

namespace Cordon.Tests.Server;

/// <summary>
/// Every page is read at the source, as a person would see it (<see cref="RazorText"/>), for text written outside the
/// resources: a page added to any folder is covered without anyone listing it.
/// </summary>
public sealed partial class PageTextTests
{
    /// <summary>Printed legal documents keep the administration's language (docs/languages.md): the notice and the custody record.</summary>
    private static readonly HashSet<string> LegalDocuments = ["Cases/Notice.cshtml", "Cases/CustodyRecord.cshtml"];

    /// <summary>
    /// Words that stand as written in every language: the product's name, the ISO 3166 column names (Alpha-2, Alpha-3),
    /// the hash algorithm before a hash, units, a format's name and the fixed prefix of every API key.
    /// </summary>
    private static readonly HashSet<string> LanguageNeutral = ["Cordon", "Alpha", "sha", "km", "min", "cdn"];

    /// <summary>
    /// Placeholders that show data as the field takes it, the same in every language: user names and duty codes.
    /// </summary>
    private static readonly HashSet<string> SampleInputs = ["bp.officer, firearms&#10;officer, scanner-operator", "bp.officer&#10;pca.officer"];

    /// <summary>
    /// A token that is a code, not a word: capitals and digits (TLP:AMBER, CSV, NL000396, EORI, FOB), an address (https://…),
    /// or a field path of the records (totalCif, items[1].hsCode), as examples in placeholders and options show them.
    /// </summary>
    private static bool IsCode(string token)
        => !token.Any(char.IsLower) || token.Contains("://", StringComparison.Ordinal) || FieldPath().IsMatch(token);

    /// <summary>The words of a visible text that should have come from the resources.</summary>
    private static List<string> Words(string text)
        => SampleInputs.Contains(text.Trim()) ? [] :
            [.. Entity().Replace(text, " ").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(t => !IsCode(t))
                .SelectMany(t => Word().Matches(t).Select(m => m.Value)).Where(w => !LanguageNeutral.Contains(w))];

    [Fact]
    public void No_page_writes_text_outside_the_resources()
    {
        var pages = Repository.Path("src", "Cordon.Server", "Pages");
        var files = Directory.GetFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(pages, f).Replace('\\', '/'))
            .Where(f => !LegalDocuments.Contains(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count >= 70, $"only {files.Count} pages found under {pages}");
        var untranslated = new List<string>();
        foreach (var file in files)
        {
            foreach (var (line, text) in RazorText.Visible(File.ReadAllText(Path.Combine(pages, file))))
            {
                if (Words(text).Count > 0)
                {
                    untranslated.Add($"{file}:{line}: “{text.Trim()}”");
                }
            }
        }
        Assert.True(untranslated.Count == 0, "text outside the resources:\n" + string.Join("\n", untranslated));
    }

    [Fact]
    public void The_source_reader_finds_text_written_in_markup_attributes_and_a_literal_title_but_not_in_code_or_resources()
    {
        const string page = """
            @page "/x"
            @{ ViewData["Title"] = "Literal title"; var n = "Not seen"; }
            <h1>@T["Seen through the resources"]</h1>
            <p title="Plain title">@T.Code("lane", n) @(n ?? "code") <span>Written</span></p>
            @if (n is null) { <div>In a block</div> } else if (n == "x") { <em>@n</em> } else { <span>late</span> }
            @* A comment *@
            <input placeholder="@T["Fine"]" aria-label="Label text" />
            <style>.x { color: red; }</style>
            <code>any(items, …)</code> <option>NL000396</option> <span>TLP:AMBER&nbsp;5&nbsp;km</span>
            @foreach (var m in Model.List) { <div>@m</div> }
            @functions { private string F(int k) => k > 1 ? T["{0} items", k] : "one"; }
            <textarea placeholder="bp.officer&#10;pca.officer"></textarea>
            """;
        var found = RazorText.Visible(page).Select(t => (t.Line, Text: t.Text.Trim())).Where(t => Words(t.Text).Count > 0).ToList();
        Assert.Equal([(2, "Literal title"), (4, "Plain title"), (4, "Written"), (5, "In a block"), (5, "late"), (7, "Label text")], found);
    }

    [GeneratedRegex(@"^[a-z]+(?:[A-Z][a-z]*)+$|^[a-z]+\[\d+\]\.[A-Za-z]+$")]
    private static partial Regex FieldPath();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex Word();

    [GeneratedRegex(@"&(?:#x?[0-9a-fA-F]+|[a-zA-Z]+);")]
    private static partial Regex Entity();
}
