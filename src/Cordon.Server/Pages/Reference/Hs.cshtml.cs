using Cordon.Reference;
using Cordon.Server.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Reference;

public sealed class HsModel(ReferenceData reference) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public TableQuery Table { get; private set; } = null!;
    public IReadOnlyList<HsEntry> Rows { get; private set; } = [];
    public HsEntry? Parent { get; private set; }

    public void OnGet()
    {
        Table = new TableQuery(Request, "relevance", pageSize: 50);
        var results = reference.Hs.Search(Q).ToList();
        Parent = Q is { Length: 2 or 4 } && Q.All(char.IsAsciiDigit) ? reference.Hs.Find(Q) : null;
        var order = results.Select((e, i) => (e, i)).ToDictionary(x => x.e.Code, x => x.i);
        Rows = Table.Apply(results, new Dictionary<string, Func<HsEntry, IComparable?>>
        {
            ["relevance"] = e => order[e.Code],
            ["code"] = e => e.Code,
            ["level"] = e => e.Level,
            ["section"] = e => e.Section,
        });
    }

    public string SectionName(string section, Microsoft.Extensions.Localization.IStringLocalizer text) => reference.Hs.Sections.TryGetValue(section, out var s) ? text["Section {0}: {1}", s.Number, s.Name] : section;
}
