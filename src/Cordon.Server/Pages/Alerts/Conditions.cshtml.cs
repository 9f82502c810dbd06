using System.Globalization;
using Cordon.Alerting;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Alerts;

public sealed class ConditionsModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    public Actor Actor => Actor.FromPrincipal(User);
    public bool MayDefine => (Actor.Roles & (Roles.Analyst | Roles.Supervisor | Roles.AgencyAdmin)) != 0;
    public IReadOnlyList<ConditionView> Rows { get; private set; } = [];
    public string? Message { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? kind, string? office, string? commodity, string? minQuantity, string? unit,
        string? maxMarking, string? purpose, string? severity, string? band, CancellationToken ct)
    {
        decimal? quantity = null;
        if (!string.IsNullOrWhiteSpace(minQuantity))
        {
            quantity = decimal.TryParse(minQuantity.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var q)
                ? q
                : throw ValidationFailed.Field("minQuantity", $"'{minQuantity}' is not a number.");
        }
        var view = await AlertConditions.CreateAsync(db, Actor, new ConditionInput(name, kind, office, commodity, quantity, unit, maxMarking, purpose, severity, null, band), ct);
        Message = text["Condition '{0}' saved: {1}.", view.Name, view.Describe()];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        await AlertConditions.CancelAsync(db, Actor, id, ct);
        Message = text["Condition cancelled."];
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct) => Rows = await AlertConditions.ListAsync(db, Actor, ct);
}
