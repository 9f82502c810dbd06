using Cordon.Common;
using Cordon.Identity;
using Cordon.Reference;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Admin;

public sealed class AgenciesModel(CordonDb db, ReferenceData reference, TimeProvider clock) : PageModel, IShowsRefusals
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Kind { get; set; } = "customs";
    [BindProperty] public string? Country { get; set; }
    [BindProperty] public string? ChangeCode { get; set; }
    [BindProperty] public string? ChangeName { get; set; }
    [BindProperty] public string? ChangeKind { get; set; }
    [BindProperty] public string? ChangeCountry { get; set; }
    public string? Created { get; private set; }
    public string? Changed { get; private set; }
    public TableQuery Table { get; private set; } = null!;
    public IReadOnlyList<AgencyView> Rows { get; private set; } = [];
    public bool IsOperator => Actor.FromPrincipal(User).IsOperator;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var agency = await AgencyAdministration.CreateAsync(db, Actor.FromPrincipal(User), new NewAgency(Code, Name, Kind, Country), reference, ct, clock);
        Created = agency.Code;
        Code = Name = Country = null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken ct)
    {
        var agency = await AgencyAdministration.UpdateAsync(db, Actor.FromPrincipal(User), ChangeCode ?? "",
            new AgencyChange(TextInput.Trim(ChangeName), TextInput.Trim(ChangeKind), TextInput.Trim(ChangeCountry)), reference, ct);
        Changed = agency.Code;
        ChangeName = ChangeKind = ChangeCountry = null;
        await LoadAsync(ct);
        return Page();
    }


    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Table = new TableQuery(Request, "code");
        Rows = Table.Apply(await AgencyAdministration.ListAsync(db, ct), new Dictionary<string, Func<AgencyView, IComparable?>>
        {
            ["code"] = a => a.Code,
            ["name"] = a => a.Name,
            ["kind"] = a => a.Kind.KindName(),
            ["country"] = a => a.Country,
            ["created"] = a => a.CreatedAt,
        });
    }
}
