using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Admin;

public sealed class UsersModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    [BindProperty] public string? NewUserName { get; set; }
    [BindProperty] public string? NewDisplayName { get; set; }
    [BindProperty] public string? NewAgency { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string[] NewRoles { get; set; } = [];
    [BindProperty] public string? NewUnit { get; set; }
    [BindProperty(SupportsGet = true, Name = "agency")] public string? AgencyFilter { get; set; }

    public Actor Actor => Actor.FromPrincipal(User);
    public TableQuery Table { get; private set; } = null!;
    public IReadOnlyList<UserView> Rows { get; private set; } = [];
    public IReadOnlyList<AgencyView> AgencyChoices { get; private set; } = [];
    /// <summary>Units the listed users belong to, offered while typing one.</summary>
    public IReadOnlyList<string> UnitChoices { get; private set; } = [];
    public string? Message { get; private set; }
    public string? OneTimePassword { get; private set; }
    public string? OneTimePasswordFor { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var user = await UserAdministration.CreateAsync(db, Actor, new NewUser(NewUserName, NewDisplayName, NewAgency, NewRoles, NewPassword, NewUnit), ct, clock);
        Message = text["User {0} created in {1}.", user.UserName, user.AgencyCode];
        NewUserName = NewDisplayName = NewPassword = NewUnit = null;
        NewRoles = [];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(Guid id, CancellationToken ct)
    {
        var user = await UserAdministration.GetAsync(db, Actor, id, ct, clock);
        OneTimePassword = await UserAdministration.ResetPasswordAsync(db, Actor, user.UserName, null, ct);
        OneTimePasswordFor = user.UserName;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id, bool disabled, CancellationToken ct)
    {
        var user = await UserAdministration.SetDisabledAsync(db, Actor, id, disabled, ct, clock);
        Message = disabled ? text["User {0} disabled.", user.UserName] : text["User {0} enabled.", user.UserName];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUnitAsync(Guid id, string? unit, CancellationToken ct)
    {
        var user = await UserAdministration.SetUnitAsync(db, Actor, id, unit, ct, clock);
        Message = user.Unit is null ? text["User {0} is in no unit.", user.UserName] : text["User {0} is in unit {1}.", user.UserName, user.Unit];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync(Guid id, string[] roles, CancellationToken ct)
    {
        var user = await UserAdministration.SetRolesAsync(db, Actor, id, roles, ct, clock);
        Message = text["Roles of {0}: {1}.", user.UserName, string.Join(", ", user.Roles.Select(r => text.Code("role", r)))];
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var agencies = await AgencyAdministration.ListAsync(db, ct);
        AgencyChoices = Actor.IsOperator ? agencies : agencies.Where(a => a.Id == Actor.AgencyId).ToList();
        NewAgency ??= AgencyChoices.FirstOrDefault(a => a.Id == Actor.AgencyId)?.Code;
        Table = new TableQuery(Request, "user");
        var users = await UserAdministration.ListAsync(db, Actor, AgencyFilter, ct, clock);
        UnitChoices = users.Select(u => u.Unit).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        Rows = Table.Apply(users, new Dictionary<string, Func<UserView, IComparable?>>
        {
            ["user"] = u => u.UserName,
            ["name"] = u => u.DisplayName,
            ["agency"] = u => u.AgencyCode,
            ["unit"] = u => u.Unit ?? "",
            ["status"] = u => u.Disabled ? 2 : u.Locked ? 1 : 0,
            ["lastSignIn"] = u => u.LastSignInAt ?? DateTimeOffset.MinValue,
        });
    }
}
