using Cordon.Reference;
using Cordon.Server.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Reference;

public sealed class CodesModel(ReferenceData reference) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "table")] public string TableName { get; set; } = "countries";
    public TableQuery Table { get; private set; } = null!;
    public IReadOnlyList<Country> Countries { get; private set; } = [];
    public IReadOnlyList<Currency> Currencies { get; private set; } = [];
    public IReadOnlyList<Port> Ports { get; private set; } = [];

    public void OnGet()
    {
        Table = new TableQuery(Request, "code", pageSize: 50);
        switch (TableName)
        {
            case "currencies":
                Currencies = Table.Apply(reference.Currencies.Search(Q), new Dictionary<string, Func<Currency, IComparable?>>
                {
                    ["code"] = c => c.Code, ["name"] = c => c.Name,
                });
                break;
            case "ports":
                Ports = Table.Apply(reference.Ports.Search(Q), new Dictionary<string, Func<Port, IComparable?>>
                {
                    ["code"] = p => p.Locode, ["name"] = p => p.Name, ["country"] = p => p.Country,
                });
                break;
            default:
                TableName = "countries";
                Countries = Table.Apply(reference.Countries.Search(Q), new Dictionary<string, Func<Country, IComparable?>>
                {
                    ["code"] = c => c.Alpha2, ["name"] = c => c.Name, ["region"] = c => c.Region,
                });
                break;
        }
    }
}
